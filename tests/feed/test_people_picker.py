"""Mentions and kudos pick people by name: no form, hint or error asks for a username."""

import pytest

from feed.forms import PostForm
from feed.models import Post
from tests.conftest import client_for
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def _named(name, kind="external"):
    member = make_member(kind)
    member.profile.display_name = name
    member.profile.save()
    return member


def test_suggestions_match_any_word_of_the_name_and_show_the_name(employee):
    anouk = _named("Anouk de Vries")
    _named("Bram Jansen")
    client = client_for(employee)
    for q in ("Ano", "vries", "@de v"):
        results = client.get("/feed/mentions/", {"q": q}).json()["results"]
        assert [r["name"] for r in results] == ["Anouk de Vries"], q
        assert results[0]["id"] == anouk.pk
    assert client.get("/feed/mentions/", {"q": ""}).json() == {"results": []}


def _form(employee, **data):
    base = {"kind": "kudos", "body": "Dank je!", "audience": "community"}
    return PostForm({**base, **data}, user=employee)


def test_kudos_by_name_and_by_pick_when_names_are_shared(employee):
    fatima = _named("Fatima El Amrani")
    form = _form(employee, kudos_to="fatima el amrani")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["kudos_to"] == fatima

    twin = _named("Fatima El Amrani")
    ambiguous = _form(employee, kudos_to="Fatima El Amrani")
    assert not ambiguous.is_valid()
    assert "pick the right person" in ambiguous.errors["kudos_to"][0]
    picked = _form(employee, kudos_to="Fatima El Amrani", kudos_to_person=twin.pk)
    assert picked.is_valid(), picked.errors
    assert picked.cleaned_data["kudos_to"] == twin
    # A pick that does not match the typed name is not trusted.
    other = _form(employee, kudos_to="Fatima El Amrani", kudos_to_person=employee.pk)
    assert not other.is_valid()


def test_unknown_name_explains_without_asking_a_username(employee):
    form = _form(employee, kudos_to="Niemand Bekend")
    assert not form.is_valid()
    message = form.errors["kudos_to"][0]
    assert "No member called Niemand Bekend" in message
    assert "username" not in message.lower()


def test_composer_and_comment_box_never_ask_a_username(employee):
    client = client_for(employee)
    feed = client.get("/feed/").content.decode()
    assert "data-person-autocomplete" in feed
    assert "username" not in feed.lower()
    _named("Sanne Bakker")
    response = client.post(
        "/feed/posts/new/",
        {
            "kind": "kudos",
            "body": "Top gedaan",
            "audience": "community",
            "kudos_to": "Sanne Bakker",
        },
    )
    assert response.status_code == 302
    post = Post.objects.get(kind="kudos")
    assert post.kudos_to.profile.display_name == "Sanne Bakker"
