"""Matrix rows for the foundation: home, accounts, admin, health, API schema."""

from . import Row, everyone


def build(world):
    from home.services import site_home

    world["home"] = site_home()


ROWS = [
    Row("home", "/", everyone(200)),
    Row("accessibility statement", "/accessibility/", everyone(200)),
    Row("healthz", "/healthz", everyone(200)),
    Row("readyz", "/readyz", everyone(200)),
    Row(
        "signup",
        "/accounts/signup/",
        {"visitor": 200, "external": 302, "employee": 302, "manager": 302},
    ),
    Row(
        "login",
        "/accounts/login/",
        {"visitor": 200, "external": 302, "employee": 302, "manager": 302},
    ),
    Row(
        "sign in with a code",
        "/accounts/login/code/",
        {"visitor": 200, "external": 302, "employee": 302, "manager": 302},
    ),
    Row(
        # Without a code asked for first, back to asking for one.
        "enter a sign-in code",
        "/accounts/login/code/confirm/",
        everyone(302),
    ),
    Row("password reset", "/accounts/password/reset/", everyone(200)),
    Row(
        "e-mail settings",
        "/accounts/email/",
        {"visitor": 302, "external": 200, "employee": 200, "manager": 200},
    ),
    Row(
        "password change",
        "/accounts/password/change/",
        {"visitor": 302, "external": 200, "employee": 200, "manager": 200},
    ),
    Row(
        "admin login",
        "/admin/login/",
        {"visitor": 200, "external": 200, "employee": 200, "manager": 302},
    ),
    Row(
        "admin dashboard",
        "/admin/",
        {"visitor": 302, "external": 302, "employee": 302, "manager": 200},
    ),
    Row("api me", "/api/v1/me/", everyone(200)),
    Row("api schema", "/api/schema/", everyone(200)),
    Row("unknown page", "/no-such-page/", everyone(404)),
]
