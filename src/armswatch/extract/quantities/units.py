"""Units a number may carry in news text, each with its normalised name and kind.

Kinds: money, percent, length, mass, volume, area, speed, temperature, energy, duration, calibre, data.
Written here for armswatch; names follow common SI/ISO spelling.
"""

from __future__ import annotations

import re

# written form (lower case) -> (normalised unit, kind)
UNIT_WORDS: dict[str, tuple[str, str]] = {}


def _add(kind: str, name: str, *forms: str) -> None:
    for form in forms:
        UNIT_WORDS[form] = (name, kind)


_add("percent", "percent", "%", "percent", "per cent", "pc", "percentage points", "percentage point", "pct",
     "percents", "per cents", "percentage")
_add("money", "dollar", "dollars", "dollar", "usd", "us dollars", "u.s. dollars")
_add("money", "euro", "euros", "euro", "eur")
_add("money", "pound sterling", "pounds sterling", "sterling", "gbp")
_add("money", "rupee", "rupees", "rupee", "inr", "pkr", "rs")
_add("money", "yuan", "yuan", "renminbi", "rmb", "cny")
_add("money", "yen", "yen", "jpy")
_add("money", "rouble", "roubles", "rubles", "rouble", "ruble")
_add("money", "dinar", "dinars", "dinar")
_add("money", "dirham", "dirhams", "dirham")
_add("money", "riyal", "riyals", "riyal", "rials", "rial")
_add("money", "afghani", "afghanis")
_add("money", "taka", "taka")
_add("money", "lira", "lira", "liras")
_add("money", "shekel", "shekels")
_add("money", "franc", "francs", "swiss francs")
_add("money", "cent", "cents", "cent")
_add("money", "penny", "pence", "penny", "pennies")
_add("money", "dollar", "$", "us$", "usd$")
_add("money", "euro", "€")
_add("money", "pound sterling", "£")
_add("money", "yen", "¥")
_add("money", "yuan", "元", "kuai")
_add("money", "rupee", "₹", "ரூ")
_add("money", "other currency", "₡", "₾", "₭", "₦", "₱", "₩", "₫", "₴", "₸", "kip", "lari", "colon", "naira", "peso",
     "pesos", "markka", "markkas", "guilder", "guilders", "krone", "kroner", "krona", "kronor", "ringgit", "baht",
     "rand", "won", "dong", "hryvnia", "hryvnias", "manat", "tenge", "real", "reais", "shilling", "shillings",
     "birr", "cedi", "cedis", "kwacha", "zloty", "zlotys", "forint", "lei", "leu")
_add("money", "bitcoin", "bitcoins", "bitcoin", "btc", "satoshi", "satoshis", "₿")
_add("money", "pound", "pounds")  # money or mass: resolved by context in the extractor
_add("length", "millimetre", "mm", "millimetre", "millimetres", "millimeter", "millimeters")
_add("length", "centimetre", "cm", "centimetre", "centimetres", "centimeter", "centimeters")
_add("length", "metre", "m", "metre", "metres", "meter", "meters")
_add("length", "kilometre", "km", "kms", "kilometre", "kilometres", "kilometer", "kilometers")
_add("length", "mile", "mile", "miles", "mi", "nautical miles", "nautical mile")
_add("length", "inch", "inch", "inches", "in", "\"", "″")
_add("length", "foot", "foot", "feet", "ft", "'", "′")
_add("length", "yard", "yard", "yards", "yd", "yds")
_add("length", "light year", "light years", "light-years", "light year")
_add("mass", "kilogram", "kg", "kgs", "kilogram", "kilograms", "kilo", "kilos")
_add("mass", "gram", "g", "gram", "grams", "gramme", "grammes", "gm", "gms")
_add("mass", "milligram", "mg", "milligram", "milligrams")
_add("mass", "microgram", "microgram", "micrograms", "microgramme", "microgrammes", "μg", "mcg")
_add("mass", "tonne", "tonne", "tonnes", "ton", "tons", "t", "metric tons", "metric tonnes")
_add("mass", "pound-mass", "lb", "lbs", "lbs.", "lb.")
_add("mass", "ounce", "ounce", "ounces", "oz")
_add("volume", "litre", "litre", "litres", "liter", "liters", "l")
_add("volume", "millilitre", "ml", "millilitre", "millilitres", "milliliter", "milliliters")
_add("volume", "gallon", "gallon", "gallons", "gal")
_add("volume", "barrel", "barrels", "barrel", "bbl")
_add("volume", "cubic metre", "cubic metres", "cubic meters", "m3", "m³")
_add("volume", "cup", "cup", "cups")
_add("volume", "cubic foot", "cubic feet", "cubic foot", "cu ft")
_add("volume", "tablespoon", "tablespoon", "tablespoons", "tbsp")
_add("volume", "teaspoon", "teaspoon", "teaspoons", "tsp")
_add("area", "square kilometre", "sq km", "square kilometres", "square kilometers", "km2", "km²")
_add("area", "square metre", "sq m", "square metres", "square meters", "m2", "m²")
_add("area", "square mile", "square miles", "sq mi")
_add("area", "square foot", "square feet", "sq ft")
_add("area", "hectare", "hectare", "hectares", "ha")
_add("area", "acre", "acre", "acres")
_add("speed", "kilometre per hour", "km/h", "kmh", "kph", "kilometres per hour", "kilometers per hour", "km per hour")
_add("speed", "mile per hour", "mph", "miles per hour", "miles an hour")
_add("speed", "knot", "knots", "knot", "kn")
_add("speed", "metre per second", "m/s", "metres per second", "meters per second")
_add("temperature", "degree Celsius", "°c", "degrees celsius", "degree celsius", "celsius", "deg celsius",
     "degrees centigrade", "centigrade", "degrees c", "degree c", "celcius")
_add("temperature", "degree Fahrenheit", "°f", "degrees fahrenheit", "degree fahrenheit", "fahrenheit",
     "deg fahrenheit", "degrees f", "degree f", "farenheit")
_add("temperature", "kelvin", "kelvin")
_add("temperature", "degree", "degrees", "degree", "°", "deg")
_add("energy", "watt", "w", "watt", "watts")
_add("energy", "kilowatt", "kw", "kilowatt", "kilowatts")
_add("energy", "megawatt", "mw", "megawatt", "megawatts")
_add("energy", "gigawatt", "gw", "gigawatt", "gigawatts")
_add("energy", "kilowatt hour", "kwh", "kilowatt hours", "kilowatt-hours")
_add("energy", "megawatt hour", "mwh", "megawatt hours")
_add("energy", "watt hour", "wh", "watt hours")
_add("energy", "joule", "j", "joule", "joules")
_add("energy", "kiloton", "kilotons", "kilotonnes", "kt")
_add("energy", "megaton", "megatons", "megatonnes")
_add("energy", "horsepower", "hp", "horsepower")
_add("energy", "volt", "v", "volt", "volts")
_add("data", "gigabyte", "gb", "gigabyte", "gigabytes")
_add("data", "bit", "bit", "bits")
_add("data", "byte", "byte", "bytes", "b")
_add("data", "megabyte", "mb", "megabyte", "megabytes")
_add("data", "terabyte", "tb", "terabyte", "terabytes")
_add("frequency", "hertz", "hz", "hertz")
_add("frequency", "megahertz", "mhz", "megahertz")
_add("frequency", "gigahertz", "ghz", "gigahertz")
_add("duration", "second", "second", "seconds", "sec", "secs", "s")
_add("duration", "minute", "minute", "minutes", "min", "mins")
_add("duration", "hour", "hour", "hours", "hr", "hrs", "h")
_add("duration", "day", "day", "days")
_add("duration", "week", "week", "weeks")
_add("duration", "month", "month", "months")
_add("duration", "year", "year", "years", "yr", "yrs")
_add("duration", "decade", "decade", "decades")
_add("duration", "century", "century", "centuries")
_add("calibre", "calibre", "calibre", "caliber", "cal", "cal.", "-calibre", "-caliber")
_add("calibre", "bore", "bore", "-bore", "gauge")

# symbols and codes written before the number
CURRENCY_PREFIX: dict[str, str] = {
    "us$": "dollar", "u.s.$": "dollar", "$": "dollar", "usd": "dollar", "a$": "dollar", "c$": "dollar",
    "£": "pound sterling", "gbp": "pound sterling", "€": "euro", "eur": "euro", "¥": "yen", "₹": "rupee",
    "rs.": "rupee", "rs": "rupee", "inr": "rupee", "pkr": "rupee", "tk": "taka", "₽": "rouble", "₺": "lira",
    "₪": "shekel", "chf": "franc", "aed": "dirham", "sar": "riyal", "aud$": "dollar", "cad$": "dollar",
    "mxn$": "dollar", "hk$": "dollar", "nz$": "dollar", "s$": "dollar", "usd$": "dollar", "₿": "bitcoin",
    "rmb": "yuan", "btc": "bitcoin",
}

# units too short or too common to trust unless glued to the digits ("5m", "3h") or clearly a unit after a space
GLUED_ONLY = {"b", "m", "g", "t", "l", "s", "h", "in", "w", "j", "v", "kn", "mi", "'", "\"", "′", "″", "pc", "gal"}

_forms = sorted(UNIT_WORDS, key=len, reverse=True)
UNIT_PATTERN = "|".join(re.escape(form) for form in _forms)
PREFIX_PATTERN = "|".join(re.escape(form) for form in sorted(CURRENCY_PREFIX, key=len, reverse=True))
