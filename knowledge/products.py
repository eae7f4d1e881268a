"""The products of FACTS-2: CAR T cell products and bispecific T-cell engagers.

The product slots (declared in knowledge/data/slots.toml) say which product, which label
region and which day; product statements (knowledge/data/statements/products.toml and
bispecifics.toml) carry `product`, `status`, `region` and `label_date`.
"""

from __future__ import annotations

PRODUCT_SLOTS: frozenset[str] = frozenset({"product", "region", "day", "cycle_day", "step_up"})
# Read when written, never asked and never needed for the grade (IEC-HS prompt, FACTS-2 section 5).
OPTIONAL_SLOTS: frozenset[str] = PRODUCT_SLOTS | {"ferritin_rising"}
CAR_T: tuple[str, ...] = ("axi-cel", "brexu-cel", "tisa-cel", "liso-cel", "ide-cel", "cilta-cel", "obe-cel")
BISPECIFICS: tuple[str, ...] = ("teclistamab", "elranatamab", "talquetamab", "epcoritamab", "glofitamab",
                                "mosunetuzumab", "tarlatamab", "blinatumomab")
