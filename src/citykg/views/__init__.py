"""The HTML views, one module each: the overview of the whole graph (``overview``), the
cooperation network of cities (``cooperation``) and the map (``mapview``). ``page`` holds
what they share: the template filler, the JSON-in-script escaping, the
Content-Security-Policy with script hashes, the class styles and the page texts.

Every page is self-contained and inert: everything is inlined, the CSP forbids any other
script and any network request, and document text only ever reaches the DOM as
``textContent``. Selection of what to show lives in :mod:`citykg.view`; these modules only
draw a network projection (:mod:`citykg.netgraph`) they are given.
"""
