"""Matrix rows for /people/: directory, profiles, competences, networks, own settings."""

from . import Row, everyone, members_only


def build(world):
    from profiles import services
    from profiles.models import Profile
    from tests.factories import NetworkFactory, RoleFactory, make_member

    public = make_member("employee", username="public-person")
    Profile.objects.filter(user=public).update(public_profile=True)
    hidden = make_member("external", username="members-only-person")
    link = services.profile_competence_set(profile=public.profile, name="Soil")
    services.profile_competence_set(profile=hidden.profile, name="Soil")
    services.role_assignment_create(
        profile=public.profile, role=RoleFactory(name="Gardener", slug="gardener")
    )
    for person in (public, hidden):
        services.profile_set_photo(profile=person.profile, uploaded_file=_png())
    world["public_person"] = public
    world["hidden_person"] = hidden
    world["soil_link"] = link
    world["community_network"] = NetworkFactory(
        name="Growers", slug="growers", audience="community"
    )
    world["public_network"] = NetworkFactory(
        name="Open growers", slug="open-growers", audience="public"
    )
    world["staff_network"] = NetworkFactory(
        name="Staff growers", slug="staff-growers", audience="staff"
    )


def _png():
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (4, 4), "teal").save(buffer, "PNG")
    return SimpleUploadedFile("me.png", buffer.getvalue(), "image/png")


def _photo(key, size="small"):
    return lambda w: f"/people/photos/{w[key].profile.photo_id}/{size}/"


def _public(world):
    return f"/people/{world['public_person'].username}/"


def _hidden(world):
    return f"/people/{world['hidden_person'].username}/"


POST_MEMBER = {"visitor": 302, "external": 302, "employee": 302, "manager": 302}

ROWS = [
    Row("people directory", "/people/", everyone(200)),
    Row("people directory search", "/people/?q=grow&competence=soil", everyone(200)),
    Row("people directory search with a NUL", "/people/?q=gr%00ow", everyone(400)),
    Row("profile path with a NUL", "/people/a%00b/", everyone(400)),
    Row(
        "people directory unknown filter",
        "/people/?competence=nope&role=x",
        everyone(200),
    ),
    Row("public profile", _public, everyone(200)),
    Row("photo of a public profile", _photo("public_person", "large"), everyone(200)),
    Row(
        "photo of a members-only profile",
        _photo("hidden_person"),
        members_only(200, visitor=404),
    ),
    Row("unknown photo", "/people/photos/999999/small/", everyone(404)),
    Row("members-only profile", _hidden, members_only(200, visitor=404)),
    Row("unknown profile", "/people/nobody-here/", everyone(404)),
    Row("followers", lambda w: _public(w) + "followers/", everyone(200)),
    Row("following", lambda w: _public(w) + "following/", everyone(200)),
    Row(
        "followers of members-only profile",
        lambda w: _hidden(w) + "followers/",
        members_only(200, visitor=404),
    ),
    Row("follow", lambda w: _public(w) + "follow/", POST_MEMBER, method="post"),
    Row("unfollow", lambda w: _public(w) + "unfollow/", POST_MEMBER, method="post"),
    Row("follow GET not allowed", lambda w: _public(w) + "follow/", members_only(405)),
    Row(
        "endorse",
        lambda w: _public(w) + "competences/soil/endorse/",
        POST_MEMBER,
        method="post",
    ),
    Row(
        "endorse unknown competence",
        lambda w: _public(w) + "competences/nope/endorse/",
        members_only(404),
        method="post",
    ),
    Row("my profile", "/people/me/", members_only(302)),
    Row("edit profile", "/people/me/edit/", members_only(200)),
    Row(
        "add competence",
        "/people/me/competences/",
        POST_MEMBER,
        method="post",
        data={"name": "Compost", "level": "expert"},
    ),
    Row(
        "add competence bad input",
        "/people/me/competences/",
        members_only(400),
        method="post",
        data={"name": " ", "level": "guru"},
    ),
    Row(
        "add learning interest",
        "/people/me/learning/",
        POST_MEMBER,
        method="post",
        data={"name": "Beekeeping"},
    ),
    Row("claim role", "/people/me/roles/claim/", members_only(200)),
    Row(
        "claim unknown role",
        "/people/me/roles/claim/",
        members_only(400),
        method="post",
        data={"role": "999999"},
    ),
    Row("data export", "/people/me/export/", members_only(200)),
    Row("account delete confirmation", "/people/me/delete/", members_only(200)),
    Row(
        "account delete wrong confirmation",
        "/people/me/delete/",
        members_only(400),
        method="post",
        data={"confirm": "not-my-name"},
    ),
    Row("competences", "/people/competences/", everyone(200)),
    Row("competence page", "/people/competences/soil/", everyone(200)),
    Row("unknown competence page", "/people/competences/nope/", everyone(404)),
    Row(
        "competence autocomplete",
        "/people/competences/autocomplete/?q=so",
        everyone(200),
    ),
    Row("networks", "/people/networks/", everyone(200)),
    Row("public network", "/people/networks/open-growers/", everyone(200)),
    Row(
        "community network",
        "/people/networks/growers/",
        members_only(200, visitor=404),
    ),
    Row(
        "staff network",
        "/people/networks/staff-growers/",
        {"visitor": 404, "external": 404, "employee": 200, "manager": 200},
    ),
    Row(
        "join network",
        "/people/networks/growers/join/",
        {"visitor": 302, "external": 302, "employee": 302, "manager": 302},
        method="post",
    ),
    Row(
        "join staff network",
        "/people/networks/staff-growers/join/",
        {"visitor": 302, "external": 404, "employee": 302, "manager": 302},
        method="post",
    ),
    Row(
        "leave network",
        "/people/networks/growers/leave/",
        POST_MEMBER,
        method="post",
    ),
    Row(
        "admin claims queue",
        "/admin/snippets/profiles/roleclaim/",
        {"visitor": 302, "external": 302, "employee": 302, "manager": 200},
    ),
    Row(
        "admin competences",
        "/admin/snippets/profiles/competence/",
        {"visitor": 302, "external": 302, "employee": 302, "manager": 200},
    ),
    Row(
        "admin competence merge",
        lambda w: f"/admin/people/competences/{w['soil_link'].tag_id}/merge/",
        {"visitor": 302, "external": 302, "employee": 302, "manager": 200},
    ),
]

ROWS += [
    Row("api people", "/api/v1/people/", everyone(200)),
    Row(
        "api public person",
        lambda w: f"/api/v1/people/{w['public_person'].username}/",
        everyone(200),
    ),
    Row(
        "api members-only person",
        lambda w: f"/api/v1/people/{w['hidden_person'].username}/",
        members_only(200, visitor=404),
    ),
]
