"""Profile photos: only allowed formats, saved with the rest of the form or not at
all, served behind the profile's visibility under unguessable names."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.images import get_image_model

from profiles.models import Profile
from tests.conftest import client_for
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def _image(name, fmt="PNG"):
    buffer = BytesIO()
    Image.new("RGB", (300, 300), "teal").save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), "image/jpeg")


def _edit(**extra):
    data = {
        "display_name": "Changed name",
        "headline": "Changed headline",
        "bio_audience": "public",
        "location_audience": "community",
        "languages_audience": "public",
        "email_audience": "community",
        "phone_audience": "staff",
        "links_audience": "public",
    }
    data.update(extra)
    return data


def _pdf_as_jpg():
    return SimpleUploadedFile(
        "photo.jpg", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "image/jpeg"
    )


@pytest.mark.parametrize(
    "upload",
    [
        lambda: _image("me.ppm", "PPM"),
        lambda: _image("me.tga", "TGA"),
        lambda: _image("me.pcx", "PCX"),
        _pdf_as_jpg,
    ],
    ids=["ppm", "tga", "pcx", "pdf-renamed-jpg"],
)
def test_photo_in_a_refused_format_gives_a_form_error_and_saves_nothing(upload):
    member = make_member()
    before = Profile.objects.get(user=member)
    response = client_for(member).post("/people/me/edit/", _edit(photo_upload=upload()))
    assert response.status_code == 400
    page = response.content.decode()
    assert "JPEG, PNG, WebP or GIF" in page or "valid image" in page
    after = Profile.objects.get(user=member)
    assert (after.display_name, after.headline, after.photo_id) == (
        before.display_name,
        before.headline,
        None,
    )
    assert not get_image_model().objects.exists()


def _with_photo(public):
    member = make_member("external")
    response = client_for(member).post(
        "/people/me/edit/",
        _edit(photo_upload=_image("holiday.tga"), public_profile=public),
    )
    assert response.status_code == 302
    return Profile.objects.select_related("photo").get(user=member)


def test_photo_is_stored_as_png_under_an_unguessable_name_and_served_as_image():
    profile = _with_photo(public=True)
    assert profile.display_name == "Changed name"
    name = profile.photo.file.name
    assert name.startswith("original_images/protected_") and name.endswith(".png")
    page = client_for(None).get(profile.get_absolute_url()).content.decode()
    url = f"/people/photos/{profile.photo_id}/large/"
    assert url in page
    response = client_for(None).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    rendition = profile.photo.renditions.get()
    assert "protected_" in rendition.file.name
    assert client_for(None).get(f"/media/{rendition.file.name}").status_code == 404


def test_photo_of_a_non_public_profile_is_hidden_from_visitors():
    profile = _with_photo(public=False)
    url = f"/people/photos/{profile.photo_id}/small/"
    assert client_for(None).get(url).status_code == 404
    assert client_for(make_member("external")).get(url).status_code == 200
    assert (
        client_for(None).get(f"/people/photos/{profile.photo_id}/huge/").status_code
        == 404
    )


def test_replacing_or_removing_a_photo_deletes_its_files_and_renditions(
    disk_media, django_capture_on_commit_callbacks
):
    profile = _with_photo(public=True)
    client = client_for(profile.user)
    assert client.get(f"/people/photos/{profile.photo_id}/small/").status_code == 200
    old = profile.photo
    files = [old.file.name, *(r.file.name for r in old.renditions.all())]
    assert len(files) == 2 and all((disk_media / f).exists() for f in files)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/people/me/edit/", _edit(photo_upload=_image("b.png")))
    assert response.status_code == 302
    assert not any((disk_media / f).exists() for f in files)
    assert client.get(f"/people/photos/{old.pk}/small/").status_code == 404
    new = Profile.objects.get(pk=profile.pk).photo
    assert (disk_media / new.file.name).exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/people/me/edit/", _edit(remove_photo="on"))
    assert not (disk_media / new.file.name).exists()
    assert not get_image_model().objects.exists()
