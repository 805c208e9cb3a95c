"""Post images: re-encoded, stored under unguessable names, served only to those
who may see the post, and deleted with it."""

from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from feed import services
from feed.models import Post
from tests.conftest import client_for
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def _upload(name, fmt="PNG", mode="RGB"):
    buffer = BytesIO()
    Image.new(mode, (8, 8), "green").save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _compose(author, image, audience="staff"):
    return client_for(author).post(
        "/feed/posts/new/",
        {
            "kind": "update",
            "body": "With a picture",
            "audience": audience,
            "image": image,
        },
    )


def test_staff_post_image_is_served_only_to_employees_and_deleted_with_the_post(
    disk_media, django_capture_on_commit_callbacks
):
    author = make_member("employee")
    assert _compose(author, _upload("holiday.png")).status_code == 302
    post = Post.objects.get()
    name = post.image.name
    assert "holiday" not in name and name.startswith("feed/protected_")
    path = disk_media / name
    assert path.exists()
    assert (
        post.image_url
        in client_for(author).get(post.get_absolute_url()).content.decode()
    )

    for viewer in (None, make_member("external")):
        assert client_for(viewer).get(post.image_url).status_code == 404
    response = client_for(make_member("employee")).get(post.image_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    # the old guessable place serves nothing
    assert client_for(author).get(f"/media/{name}").status_code == 404

    url = post.image_url
    with django_capture_on_commit_callbacks(execute=True):
        services.post_delete(post=post, actor=author)
    assert not path.exists()
    assert client_for(author).get(url).status_code == 404


def test_image_of_a_post_deleted_with_its_author_is_removed(
    disk_media, django_capture_on_commit_callbacks
):
    author = make_member("employee")
    _compose(author, _upload("a.png"), audience="community")
    path = disk_media / Post.objects.get().image.name
    with django_capture_on_commit_callbacks(execute=True):
        author.delete()
    assert not path.exists()


def test_png_named_tga_is_stored_as_png_and_served_as_image_png():
    author = make_member("employee")
    assert _compose(author, _upload("scan.tga"), audience="public").status_code == 302
    post = Post.objects.get()
    assert post.image.name.endswith(".png")
    response = client_for(None).get(post.image_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("name", "fmt"), [("a.tga", "TGA"), ("a.ppm", "PPM"), ("a.pcx", "PCX")]
)
def test_post_image_in_a_format_we_do_not_serve_is_refused(name, fmt):
    author = make_member("employee")
    response = _compose(author, _upload(name, fmt), audience="community")
    assert response.status_code == 400
    assert "JPEG, PNG, WebP or GIF" in response.content.decode()
    assert not Post.objects.exists()


def test_jpeg_upload_loses_its_exif():
    buffer = BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    Image.new("RGB", (8, 8), "red").save(buffer, "JPEG", exif=exif.tobytes())
    assert b"SpyCam" in buffer.getvalue()
    author = make_member("employee")
    upload = SimpleUploadedFile("me.jpeg", buffer.getvalue(), "image/jpeg")
    assert _compose(author, upload, audience="public").status_code == 302
    post = Post.objects.get()
    assert post.image.name.endswith(".jpg")
    with default_storage.open(post.image.name, "rb") as stored:
        assert b"SpyCam" not in stored.read()


def test_behind_nginx_the_image_is_handed_over_with_x_accel_redirect(settings):
    settings.KOERS_MEDIA_ACCEL_REDIRECT = True
    author = make_member("employee")
    _compose(author, _upload("a.png"), audience="public")
    post = Post.objects.get()
    response = client_for(None).get(post.image_url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/media/{post.image.name}"
    assert response.content == b""
