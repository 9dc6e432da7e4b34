"""CPI Pipeline: entities, source protection and triage for Community Partnership Information.

Nothing is loaded at import time. Typical use::

    from pipeline import CpiPipeline
    cpi = CpiPipeline.load()            # loads the model named in models/config.yaml
    record = cpi.analyze("...text...")
"""

import os as _os

# Before any dependency imports tldextract or a Hugging Face library: stay offline.
for _key, _value in (("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", ""), ("HF_HUB_OFFLINE", "1")):
    _os.environ.setdefault(_key, _value)

__version__ = "0.1.0"
__all__ = ["CpiPipeline", "load_nlp", "__version__"]


def __getattr__(name):  # lazy: importing the package must stay cheap
    if name == "CpiPipeline":
        from pipeline.cpi import CpiPipeline

        return CpiPipeline
    if name == "load_nlp":
        from pipeline.model import load_nlp

        return load_nlp
    raise AttributeError(name)
