"""Keep third-party libraries offline and quiet.

tldextract (used by Presidio's e-mail recogniser) fetches the public suffix list on first use and
prints long tracebacks when the network is closed; Hugging Face libraries try their hub. CPI
Pipeline never touches the network at run time, so both are pointed at local data before use.
"""

from __future__ import annotations

import logging
import os
import warnings

_OFFLINE_ENV = {
    # An empty URL list makes tldextract use its bundled suffix-list snapshot.
    "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": "",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
}


def enforce_offline() -> None:
    """Set the environment and library state that keep every dependency off the network."""
    for key, value in _OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
    import tldextract.tldextract as tld

    if tld.TLD_EXTRACTOR.suffix_list_urls:
        # tldextract was imported before our environment was set: swap in an offline extractor.
        tld.TLD_EXTRACTOR = tld.TLDExtract(suffix_list_urls=(), cache_dir=None)
    # Presidio logs every recogniser it loads and warns about languages we never use.
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    logging.getLogger("presidio-anonymizer").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", module=r"presidio_analyzer\..*")
