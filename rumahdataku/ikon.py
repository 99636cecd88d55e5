"""`/favicon.ico`: the small local icon browsers ask for on their own (no console 404).

Open to everyone like a static file (it carries nothing of the village), cached for a week.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from rumahdataku.middleware import boleh_disimpan

IKON = Path(settings.BASE_DIR) / "static" / "favicon.ico"


@boleh_disimpan  # a static file in all but name: the no-store rule leaves it alone
@login_not_required
@require_safe
@cache_control(public=True, max_age=7 * 24 * 3600)
def favicon(request):
    """ROLES.md: none (public, like the login page and static files)."""
    return HttpResponse(IKON.read_bytes(), content_type="image/x-icon")
