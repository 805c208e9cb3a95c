"""The composer's fields are rendered once per language and choices (feed/composer.py),
and never show one member's choices to another."""

import pytest
from django.utils import translation

from feed import composer
from feed.forms import PostForm
from tests.conftest import client_for
from tests.factories import NetworkFactory, add_network_member, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    composer._rendered.clear()
    rendered = []
    real = composer.render_to_string

    def counting(template_name, *args, **kwargs):
        rendered.append(template_name)
        return real(template_name, *args, **kwargs)

    monkeypatch.setattr(composer, "render_to_string", counting)
    return rendered


def test_an_empty_composer_is_rendered_once(employee, renders):
    client = client_for(employee)
    first = client.get("/feed/").content.decode()
    second = client_for(make_member("employee")).get("/feed/").content.decode()
    assert renders == [composer.FIELDS_TEMPLATE]
    for page in (first, second):
        assert 'name="body"' in page and 'name="roadmap_item"' in page


def test_each_member_sees_only_their_own_networks(employee, renders):
    network = NetworkFactory(name="Wijkteam Noord")
    add_network_member(network, employee)
    other = make_member("employee")
    mine = client_for(employee).get("/feed/").content.decode()
    theirs = client_for(other).get("/feed/").content.decode()
    assert f'value="network:{network.pk}"' in mine
    assert f'value="network:{network.pk}"' not in theirs
    assert len(renders) == 2


def test_language_and_kinds_are_part_of_the_key(employee, renders):
    external = make_member("external")
    with translation.override("nl"):
        dutch = composer.composer_fields(PostForm(user=employee))
    with translation.override("en"):
        english = composer.composer_fields(PostForm(user=employee))
        outsider = composer.composer_fields(PostForm(user=external))
    assert "Wat is er gebeurd?" in dutch and "What happened?" in english
    assert 'value="result"' in english and 'value="result"' not in outsider
    assert len(renders) == 3


def test_a_form_with_errors_is_rendered_afresh(employee, renders):
    response = client_for(employee).post("/feed/posts/new/", {"body": ""})
    assert response.status_code == 400
    assert "field--error" in response.content.decode()
    assert composer._rendered == {}
