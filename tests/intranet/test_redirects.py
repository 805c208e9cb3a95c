"""redirect_back: back to this site only, never an open redirect."""

from django.test import RequestFactory

from intranet.redirects import redirect_back

rf = RequestFactory()


def test_next_on_this_host_is_followed():
    request = rf.post("/x/", {"next": "/feed/posts/3/"})
    assert redirect_back(request, "/feed/").url == "/feed/posts/3/"


def test_next_to_another_host_falls_back():
    request = rf.post("/x/", {"next": "https://evil.test/phish"})
    assert redirect_back(request, "/feed/").url == "/feed/"


def test_referer_is_used_only_when_asked():
    request = rf.post("/x/", HTTP_REFERER="http://testserver/people/")
    assert redirect_back(request, "/feed/").url == "/feed/"
    assert (
        redirect_back(request, "/feed/", use_referer=True).url
        == "http://testserver/people/"
    )


def test_foreign_referer_falls_back():
    request = rf.post("/x/", HTTP_REFERER="https://evil.test/")
    assert redirect_back(request, "/feed/", use_referer=True).url == "/feed/"


def test_next_that_is_neither_a_path_nor_a_url_falls_back():
    # redirect() would look "[[[" up as a view name and fail with NoReverseMatch.
    for odd in ("[[[", "feed", "²"):
        request = rf.post("/x/", {"next": odd})
        assert redirect_back(request, "/feed/").url == "/feed/"
