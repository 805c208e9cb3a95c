"""The benchmark's yardstick: the cheapest page Django can serve.

Mounted at /bench/baseline only when settings.KOERS_BENCH_BASELINE is true
(never by default). It runs through the same server, settings and middleware
as every real page, so `bench/run` can report each page as a ratio to it.
"""

from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def baseline(request):
    return HttpResponse(b"ok", content_type="text/plain")
