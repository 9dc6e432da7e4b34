"""The triage vocabulary: outcomes and risk categories (shared by the rules and the classifier)."""

OUTCOMES = ("HIGH", "CRIME", "SAFEGUARDING", "NORMAL")  # most urgent first
CATEGORIES = (
    "MISSING", "CSE", "CCE", "DRUGS", "MODERN_SLAVERY", "COMMUNITY_COHESION",
    "ASB", "OCG", "RADICALISATION", "DOMESTIC_ABUSE", "WEAPONS",
)
