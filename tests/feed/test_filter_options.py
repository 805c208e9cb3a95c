"""The feed's filter choices are kept per viewer and language until what they list
changes (feed/selectors.py: filter_options)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from feed.selectors import filter_options
from tests.factories import (
    NetworkFactory,
    make_item,
    make_member,
    make_purpose_page,
    make_roadmap,
)

pytestmark = pytest.mark.django_db


def _network_names(viewer):
    return [name for _pk, name in filter_options(viewer)["networks"]]


def test_kept_choices_cost_no_query(employee, django_assert_num_queries):
    NetworkFactory(name="Zorgtechnologie")
    first = filter_options(employee)
    with django_assert_num_queries(0):
        assert filter_options(employee) == first


def test_a_change_to_what_they_list_shows_at_once(employee):
    assert "Dagbesteding" not in _network_names(employee)
    network = NetworkFactory(name="Dagbesteding")
    assert "Dagbesteding" in _network_names(employee)
    network.name = "Dagbesteding De Linde"
    network.save()
    assert "Dagbesteding De Linde" in _network_names(employee)

    item = make_item(make_roadmap(title="Zorg dichtbij"), title="Weekendzorg")
    groups = dict(filter_options(employee)["roadmap_items"])
    assert (item.pk, "Weekendzorg") in groups["Zorg dichtbij"]

    promise = make_purpose_page().promises.first()
    assert (promise.pk, promise.title) in filter_options(employee)["promises"]
    promise.title = "Iedereen doet mee"
    promise.save()
    assert (promise.pk, "Iedereen doet mee") in filter_options(employee)["promises"]


def test_each_viewer_gets_their_own_choices(employee):
    NetworkFactory(name="Alleen medewerkers", audience="staff")
    external = make_member("external")
    assert "Alleen medewerkers" in _network_names(employee)
    assert "Alleen medewerkers" not in _network_names(external)
    assert "Alleen medewerkers" not in _network_names(AnonymousUser())
    assert "Alleen medewerkers" in _network_names(employee)


def test_each_language_gets_its_own_choices(employee):
    NetworkFactory(name_nl="Wijkzorg", name_en="Neighbourhood care")
    with translation.override("nl"):
        assert "Wijkzorg" in _network_names(employee)
    with translation.override("en"):
        assert "Neighbourhood care" in _network_names(employee)
