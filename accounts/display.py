"""How a member is named to themselves (ACCOUNT_USER_DISPLAY): the name they gave at
sign-up, else their e-mail address; never the username made from the address."""


def member_name(user) -> str:
    return user.get_full_name() or user.email or ""
