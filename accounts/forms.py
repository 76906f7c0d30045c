import datetime
import io

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from accounts.models import Gender, Institution, Language, Person
from accounts.normalize import is_netherlands, normalize_phone, normalize_postal_code
from portal.uploads import PHOTO, UploadField

MIN_AGE = 16
MAX_AGE = 100
PHOTO_MAX_PIXELS = 40_000_000
PHOTO_MAX_EDGE = 800
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _years_between(born: datetime.date, today: datetime.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def validate_birth_date(value: datetime.date) -> datetime.date:
    today = timezone.localdate()
    if value >= today:
        raise ValidationError(_("The date of birth must be in the past."), code="future")
    age = _years_between(value, today)
    if age < MIN_AGE or age > MAX_AGE:
        raise ValidationError(
            _(
                "Check the date of birth: it gives an age of %(age)s; "
                "it must be between %(min)s and %(max)s."
            )
            % {"age": age, "min": MIN_AGE, "max": MAX_AGE},
            code="age",
        )
    return value


class AuthorizedInstitutionField(forms.ModelChoiceField):
    default_error_messages = {
        "invalid_choice": _(
            "This institution is not authorized at the moment. Choose an authorized institution."
        )
    }


class AccountRequestForm(forms.Form):
    """ "Account aanvragen" of the mock-up, plus the institution and a honeypot for robots."""

    initials = forms.CharField(label=_("Initials"), max_length=20)
    first_name = forms.CharField(label=_("First name"), max_length=100)
    prefix = forms.CharField(label=_("Prefix"), max_length=20, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    birth_date = forms.DateField(
        label=_("Date of birth"),
        widget=DateInput(),
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": _("Enter a real date, for example 17-05-1985.")},
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=[("", "—"), *Gender.choices])
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "placeholder": "mail@example.com"}),
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial="nl")
    institution = AuthorizedInstitutionField(
        label=_("Institution"),
        queryset=Institution.objects.none(),
        empty_label="—",
        help_text=_("The authorized institution where you work."),
    )
    # Honeypot: hidden from people (and screen readers); robots fill in every field.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.currently_authorized().only(
            "name", "authorization_start", "authorization_end"
        )
        for name in ("initials", "first_name", "last_name"):
            self.fields[name].widget.attrs["autocomplete"] = {
                "initials": "off",
                "first_name": "given-name",
                "last_name": "family-name",
            }[name]

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))

    def clean_initials(self):
        return " ".join(self.cleaned_data["initials"].split())

    def clean_birth_date(self):
        return validate_birth_date(self.cleaned_data["birth_date"])

    def clean_email(self):
        # Whether the address already has an account is not said here (that would tell anyone
        # who has one): the service mails the owner of the address instead.
        return self.cleaned_data["email"].strip().lower()


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("The applicant receives this reason by email."),
        error_messages={"required": _("Give a reason for rejecting the request.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Give a reason for rejecting the request."), code="required")
        return reason


class ContactPersonForm(forms.ModelForm):
    """ "Contactpersoon aanmaken": a person of the manager's institution, email optional."""

    class Meta:
        model = Person
        fields = ["initials", "first_name", "prefix", "last_name", "birth_date", "gender",
                  "email", "language"]  # fmt: skip
        labels = {"email": _("Email")}
        widgets = {"birth_date": DateInput()}

    def __init__(self, *args, institution: Institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.institution = institution
        self.fields["birth_date"].input_formats = DATE_INPUT_FORMATS
        self.fields["email"].help_text = _("Needed to invite this person to the portal later.")

    def clean_birth_date(self):
        value = self.cleaned_data.get("birth_date")
        return validate_birth_date(value) if value else value

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip().lower()
        if (
            email
            and Person.objects.filter(institution=self.institution, email__iexact=email).exists()
        ):
            raise ValidationError(
                _("Your institution already has a contact person with this email address."),
                code="duplicate",
            )
        return email


class MyDetailsForm(forms.ModelForm):
    """What a person may change about themselves ("Aanpassen" on Mijn gegevens)."""

    photo = UploadField(
        label=_("Photo"),
        policy=PHOTO,
        required=False,
        help_text=_("A JPEG or PNG image of at most 5 MB."),
        widget=forms.FileInput(attrs={"accept": PHOTO.accept}),
    )
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)

    class Meta:
        model = Person
        fields = [
            "gender", "birth_date",
            "street_address", "postal_code", "city", "country",
            "postal_street_address", "postal_postal_code", "postal_city", "postal_country",
            "phone", "mobile", "email", "language", "newsletter",
        ]  # fmt: skip
        labels = {
            "email": _("Email"),
            "phone": _("Phone"),
            "mobile": _("Mobile"),
            "street_address": _("Street and number"),
            "postal_street_address": _("Postal address: street and number"),
            "newsletter": _("Send me the newsletter"),
        }
        widgets = {
            "birth_date": DateInput(),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "mobile": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The date of birth is set at the request; it may only be filled in when missing.
        if self.instance.birth_date:
            del self.fields["birth_date"]
        else:
            self.fields["birth_date"].input_formats = DATE_INPUT_FORMATS
        if not self.instance.photo:
            del self.fields["remove_photo"]
        self.fields["gender"].choices = [("", "—"), *Gender.choices]
        self.photo_bytes: bytes | None = None

    def clean_birth_date(self):
        value = self.cleaned_data.get("birth_date")
        return validate_birth_date(value) if value else value

    def clean_phone(self):
        return normalize_phone(self.cleaned_data.get("phone", ""))

    def clean_mobile(self):
        return normalize_phone(self.cleaned_data.get("mobile", ""))

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        self.photo_bytes = reencode_photo(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        for code_field, country_field in [("postal_code", "country"),
                                          ("postal_postal_code", "postal_country")]:  # fmt: skip
            if code_field in cleaned and not self.has_error(code_field):
                try:
                    cleaned[code_field] = normalize_postal_code(
                        cleaned[code_field], country=cleaned.get(country_field, "")
                    )
                except ValidationError as error:
                    self.add_error(code_field, error)
        for field in ("country", "postal_country"):
            # An address without a country is a Dutch one; Dutch spelled one way.
            value = cleaned.get(field, "")
            city = cleaned.get(field.replace("country", "city"))
            if (value and is_netherlands(value)) or (not value and city):
                cleaned[field] = "Nederland"
        return cleaned


def reencode_photo(upload) -> bytes:
    """Check that the upload is a real JPEG or PNG of limited size (the PHOTO upload policy, and
    an image the imaging library reads); return it as a clean JPEG.

    Re-encoding drops everything but the pixels (EXIF with location, comments, embedded data).
    """
    PHOTO.check([upload])
    not_an_image = ValidationError(
        _("This is not a photo we can use. Upload a JPEG or PNG image."), code="not_image"
    )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.format not in {"JPEG", "PNG"}:
                raise not_an_image
            if probe.width * probe.height > PHOTO_MAX_PIXELS:
                raise not_an_image
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGB")
            image.thumbnail((PHOTO_MAX_EDGE, PHOTO_MAX_EDGE))
            output = io.BytesIO()
            image.save(output, format="JPEG", quality=85, optimize=True)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_an_image from None
    finally:
        upload.seek(0)
    return output.getvalue()


class ConfirmIdentityForm(forms.Form):
    """Confirm that it is you before something sensitive (your own data): your password, as
    ``accounts.services_privacy.identity_confirmed`` checks it."""

    password = forms.CharField(
        label=_("Your password"),
        max_length=200,
        strip=False,
        help_text=_("Confirm that it is you: the password you sign in with."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Type your password to confirm that it is you.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        from accounts.services_privacy import identity_confirmed

        password = self.cleaned_data["password"]
        if not identity_confirmed(user=self.user, password=password):
            raise ValidationError(_("That is not your password."))
        return password
