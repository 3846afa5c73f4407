"""Where alerts go: a JSON Lines file, a webhook (POST JSON with a secret header and the alert id in
X-Armswatch-Alert) and e-mail over SMTP (STARTTLS or TLS, credentials from the environment, the alert id
in the Message-ID). Each sender raises DeliveryFailed (AW705) when its output did not take the alert."""

from __future__ import annotations

import json
import os
import smtplib
import ssl
import urllib.error
import urllib.request
from email.message import EmailMessage
from pathlib import Path

from ..errors import DeliveryFailed


def send(output, payload: dict, settings) -> None:
    {"jsonl": _jsonl, "webhook": _webhook, "smtp": _smtp}[output.type](output, payload, settings)


def _jsonl(output, payload: dict, settings) -> None:
    path = Path(os.path.expanduser(str(output.options["path"])))
    line = json.dumps(payload, ensure_ascii=False, default=str, sort_keys=True) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as handle:  # one write of one line: appends do not interleave
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise DeliveryFailed(f"cannot write: {exc.strerror or exc}", source=str(path)) from exc


def _secret(output, key: str) -> str | None:
    name = output.options.get(key)
    if not name:
        return None
    value = os.environ.get(str(name))
    if value is None:
        raise DeliveryFailed(f"the environment variable {name} is not set", source=output.name)
    return value


def _webhook(output, payload: dict, settings) -> None:
    url = str(output.options["url"])
    headers = {"Content-Type": "application/json", "User-Agent": str(settings.get("ingest.user_agent")),
               "X-Armswatch-Alert": payload["id"]}
    secret = _secret(output, "secret_env")
    if secret is not None:
        headers[str(output.options.get("secret_header") or "X-Armswatch-Secret")] = secret
    body = json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    timeout = float(output.options.get("timeout_s") or settings.get("alerts.timeout_s"))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read(65536)
    except urllib.error.HTTPError as exc:
        raise DeliveryFailed(f"HTTP {exc.code} {exc.reason}", source=url) from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise DeliveryFailed(f"cannot post: {getattr(exc, 'reason', exc)}", source=url) from exc


def message(output, payload: dict) -> EmailMessage:
    mail = EmailMessage()
    prefix = output.options.get("subject_prefix") or "[armswatch]"
    update = "" if payload["version"] == 1 else f" (update {payload['version'] - 1}: {payload['reason']})"
    mail["Subject"] = f"{prefix} {payload['rule']}: {payload['summary'][:120]}{update}"
    mail["From"] = output.options["from"]
    mail["To"] = ", ".join(output.options["to"])
    mail["Message-ID"] = f"<{payload['id']}.{output.name}@armswatch>"
    mail["X-Armswatch-Alert"] = payload["id"]
    links = "\n".join(f"  {link.get('url') or link['doc_id']}" for link in payload.get("links", [])[:20])
    mail.set_content(f"{payload['summary']}\n\nrule: {payload['rule']}\nreason: {payload['reason']}\n"
                     f"independent sources: {payload['sources']}\ndate: {payload.get('date') or '?'}\n"
                     f"place: {payload.get('place') or '?'}\n\nreports:\n{links}\n")
    mail.add_attachment(json.dumps(payload, ensure_ascii=False, default=str, indent=2).encode("utf-8"),
                        maintype="application", subtype="json", filename=f"alert-{payload['id']}.json")
    return mail


def _smtp(output, payload: dict, settings) -> None:
    options = output.options
    host = str(options["host"])
    timeout = float(options.get("timeout_s") or settings.get("alerts.timeout_s"))
    context = ssl.create_default_context(cafile=options.get("cafile") or None)  # a self-signed server's certificate
    user, password = _secret(output, "username_env"), _secret(output, "password_env")
    try:
        if options.get("ssl"):
            client = smtplib.SMTP_SSL(host, int(options.get("port") or 465), timeout=timeout, context=context)
        else:
            client = smtplib.SMTP(host, int(options.get("port") or 587), timeout=timeout)
        with client:
            if not options.get("ssl") and options.get("starttls", True):
                client.starttls(context=context)
                client.ehlo()
            if user is not None:
                client.login(user, password or "")
            client.send_message(message(output, payload))
    except (smtplib.SMTPException, OSError, ssl.SSLError) as exc:
        raise DeliveryFailed(f"cannot send mail: {exc}", source=f"smtp://{host}") from exc
