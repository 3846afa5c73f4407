"""The arms lexicon: taxonomy, written forms, models and origins, loaded once, with a user's file merged in.

``Lexicon.mentions(text)`` finds every category term and model name with one regular expression each, so the
cost does not grow with the lexicon's size per token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from ...errors import BadSetting


@dataclass
class Model:
    name: str
    category: str
    family: str | None = None
    origin: str | None = None
    ambiguous: bool = False
    heavy: bool = False


@dataclass
class Hit:
    """One lexicon match in the text."""

    start: int
    end: int
    category: str
    model: Model | None = None
    form: str = ""


@dataclass
class Lexicon:
    categories: dict[str, dict]
    terms: dict[str, str]  # written form (lower case) -> category
    models: dict[str, Model]  # written form (exact) -> model
    origins: dict[str, str]  # written form (lower case) -> origin
    guarded: set[str] = field(default_factory=set)
    _term_re: re.Pattern | None = None
    _model_re: re.Pattern | None = None
    _origin_re: re.Pattern | None = None

    def class_of(self, category: str) -> str:
        return self.categories.get(category, {}).get("class", "unknown")

    def compile(self) -> "Lexicon":
        forms = sorted(self.terms, key=len, reverse=True)
        alternatives = "|".join(_flexible(form) for form in forms)
        self._term_re = re.compile(rf"(?<![\w-])(?:{alternatives})(?:e?s)?(?![\w-])", re.IGNORECASE)
        model_forms = sorted(self.models, key=len, reverse=True)
        self._model_re = re.compile(
            rf"(?<![\w-])(?:{'|'.join(_flexible(f) for f in model_forms)})(?:s|'s)?(?![\w])(?!-[\w])")
        origin_forms = sorted(self.origins, key=len, reverse=True)
        self._origin_re = re.compile(
            rf"(?<![\w])(?:{'|'.join(re.escape(f) for f in origin_forms)})(?:-(?:made|supplied|manufactured|origin|built|provided|produced|designed|era))?(?![\w])",
            re.IGNORECASE)
        return self

    def term_hits(self, text: str) -> list[Hit]:
        hits = []
        for match in self._term_re.finditer(text):
            form = match.group(0).lower()
            category = self.terms.get(form) or self.terms.get(_singular(form))
            if category is None:
                category = self._lookup_flexible(form)
            if category is None:
                continue
            hits.append(Hit(match.start(), match.end(), category, form=form))
        return hits

    def model_hits(self, text: str) -> list[Hit]:
        hits = []
        for match in self._model_re.finditer(text):
            written = match.group(0)
            model = self.models.get(written) or self.models.get(re.sub(r"(?:'s|s)$", "", written))
            if model is None:
                model = self._lookup_model_flexible(written)
            if model is None:
                continue
            hits.append(Hit(match.start(), match.end(), model.category, model=model, form=written))
        return hits

    def origins_in(self, text: str) -> list[str]:
        out = []
        for match in self._origin_re.finditer(text):
            word = re.sub(r"-(?:made|supplied|manufactured|origin|built|provided|produced|designed|era)$", "",
                          match.group(0), flags=re.IGNORECASE)
            origin = self.origins.get(word.lower()) or self.origins.get(match.group(0).lower())
            if origin and origin not in out:
                out.append(origin)
        return out

    def _lookup_flexible(self, form: str) -> str | None:
        key = _key(form)
        for candidate in (key, _key(_singular(form))):
            if candidate in self._flex_terms:
                return self._flex_terms[candidate]
        return None

    def _lookup_model_flexible(self, written: str) -> Model | None:
        key = _key(re.sub(r"(?:'s|s)$", "", written))
        return self._flex_models.get(_key(written)) or self._flex_models.get(key)

    @property
    def _flex_terms(self) -> dict[str, str]:
        if not hasattr(self, "_ft"):
            self._ft = {_key(form): category for form, category in self.terms.items()}
        return self._ft

    @property
    def _flex_models(self) -> dict[str, Model]:
        if not hasattr(self, "_fm"):
            self._fm = {_key(form): model for form, model in self.models.items()}
        return self._fm


def _key(form: str) -> str:
    return re.sub(r"[\s-]+", " ", form.lower()).strip()


def _flexible(form: str) -> str:
    """A form as a pattern where spaces and hyphens are interchangeable ("machine-gun", "machine gun")."""
    parts = re.split(r"[\s-]+", form)
    return r"[\s-]?".join(re.escape(part) for part in parts) if len(parts) > 1 else re.escape(form)


def _singular(form: str) -> str:
    if form.endswith("ies") and len(form) > 4:
        return form[:-3] + "y"
    if form.endswith("es") and form[:-2].endswith(("sh", "ch", "x", "ss")):
        return form[:-2]
    if form.endswith("s") and not form.endswith("ss"):
        return form[:-1]
    return form


def _read_yaml(path) -> dict:
    try:
        return yaml.safe_load(Path(path).read_text("utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise BadSetting(f"cannot read the arms lexicon: {exc}", source=str(path),
                         hint="extract.user_arms must name a YAML file with terms/models/origins sections") from exc


def _shipped(name: str) -> dict:
    return yaml.safe_load(resources.files("armswatch").joinpath("resources/arms/" + name).read_text("utf-8"))


@lru_cache(maxsize=8)
def load_lexicon(user_file: str = "") -> Lexicon:
    taxonomy = _shipped("taxonomy.yaml")
    data = _shipped("lexicon.yaml")
    categories = dict(taxonomy["categories"])
    terms: dict[str, str] = {}
    models: dict[str, Model] = {}
    origins: dict[str, str] = {}
    guarded = set(data.get("guarded", []))
    sources = [data]
    if user_file:
        user = _read_yaml(user_file)
        categories.update(user.get("categories") or {})
        sources.append(user)
    for source in sources:
        for category, forms in (source.get("terms") or {}).items():
            if category not in categories:
                raise BadSetting(f"unknown arms category '{category}'", source=user_file or "lexicon.yaml",
                                 hint=f"add it under 'categories' with a class, or use one of {', '.join(sorted(categories))}")
            for form in forms:
                terms[str(form).lower()] = category
        for entry in source.get("models") or []:
            model = Model(name=str(entry["name"]), category=entry["category"], family=entry.get("family"),
                          origin=entry.get("origin"), ambiguous=bool(entry.get("ambiguous")),
                          heavy=bool(entry.get("heavy")))
            for form in entry.get("forms") or [entry["name"]]:
                models[str(form)] = model
        for origin, forms in (source.get("origins") or {}).items():
            for form in forms:
                origins[str(form).lower()] = origin
    return Lexicon(categories=categories, terms=terms, models=models, origins=origins, guarded=guarded).compile()
