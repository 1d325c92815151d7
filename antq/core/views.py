from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from antq.accounts.access import home_units
from antq.units.forms import UnitSearchForm
from antq.units.selectors import unit_subtree_counts


@login_required
def home(request):
    """Where a user lands: their units with what they contain, and a search box."""
    units = list(home_units(request.user)[:20])
    cards = [{"unit": u, "counts": unit_subtree_counts(unit=u)} for u in units if u.depth <= 1]
    others = [u for u in units if u.depth > 1]
    return render(
        request,
        "core/home.html",
        {"cards": cards, "others": others, "search_form": UnitSearchForm()},
    )
