"""Believable Dutch names for demo people, generated deterministically."""

FIRST_NAMES = [
    "Anna",
    "Bram",
    "Charlotte",
    "Daan",
    "Eva",
    "Finn",
    "Gijs",
    "Hanna",
    "Iris",
    "Jesse",
    "Julia",
    "Lars",
    "Lieke",
    "Luuk",
    "Maud",
    "Milan",
    "Noor",
    "Olivier",
    "Pien",
    "Ruben",
    "Sanne",
    "Sem",
    "Tess",
    "Thijs",
    "Vera",
    "Wouter",
    "Yara",
    "Zoë",
    "Mohamed",
    "Sara",
    "Youssef",
    "Aylin",
    "Kevin",
    "Priya",
    "Rik",
    "Floor",
    "Joris",
    "Esther",
    "Mehmet",
    "Lotte",
]
LAST_NAMES = [
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "van Dijk",
    "Bakker",
    "Janssen",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "Kok",
    "Yilmaz",
    "El Idrissi",
    "Verhoeven",
    "Kuipers",
    "Postma",
    "Willems",
]


def person_name(index: int) -> str:
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    last = LAST_NAMES[(index // len(FIRST_NAMES) + index * 7) % len(LAST_NAMES)]
    return f"{first} {last}"


#: A few members work in English (expats, an international trainee, a partner's
#: staff): their names, headlines and posts are English.
ENGLISH_FIRST = ["Emily", "James", "Olivia", "Daniel", "Grace", "Liam", "Chloe", "Ryan"]
ENGLISH_LAST = ["Walker", "Thompson", "Hughes", "O'Brien", "Patel", "Clarke", "Evans"]


def speaks_english(index: int) -> bool:
    """One member in eleven is English-speaking."""
    return index % 11 == 4


def demo_person_name(index: int) -> str:
    """The name of generated person ``index``: Dutch, or English for the few."""
    if speaks_english(index):
        n = index // 11
        first = ENGLISH_FIRST[n % len(ENGLISH_FIRST)]
        last = ENGLISH_LAST[(n // len(ENGLISH_FIRST) + n * 3) % len(ENGLISH_LAST)]
        return f"{first} {last}"
    return person_name(index)


def person_index(email: str) -> int | None:
    """``person17@demo.koers`` -> 17 (None for other addresses)."""
    local = email.split("@")[0]
    if email.endswith("@demo.koers") and local.startswith("person"):
        digits = local[len("person") :]
        return int(digits) if digits.isdigit() else None
    return None
