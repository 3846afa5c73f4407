"""Time expressions: rules that recognise them (``rules``), the passes that join and anchor them
(``recognise``), the clause tense that orients "on Friday" (``tense``), and calendar arithmetic."""

from .recognise import find_timexes
from .rules import DATE, DURATION, SET, TIME, Timex

__all__ = ["find_timexes", "Timex", "DATE", "TIME", "DURATION", "SET"]
