"""Back office for accounts: users, persons, institutions and account requests.

Every admin subclasses ``AuditedModelAdmin``, so changes made here are recorded like portal
changes. The declarations are administered in accounts/admin_declarations.py.
"""

import datetime

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import AccountRequest, AccountRequestStatus, Institution, Person, User
from portal.admin import AuditedModelAdmin
from portal.audit import event_label
from portal.models import Event


def _history(events) -> str:
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                timezone.localtime(event.created_at).strftime("%d-%m-%Y %H:%M"),
                event.actor_name or "—",
                event.description or event_label(event.verb),
                "; ".join(
                    f"{name}: {old!s} → {new!s}"
                    for name, (old, new) in (event.data or {}).get("changes", {}).items()
                )
                or event.reason,
            )
            for event in events
        ),
    )
    if not rows:
        return _("No changes recorded yet.")
    return format_html(
        '<table><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
        '<th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
        _("When"),
        _("Who"),
        _("What"),
        _("Changes"),
        rows,
    )


# Users -----------------------------------------------------------------------------------------


class UserAdminForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["email", "person", "language", "is_active", "is_staff", "is_superuser",
                  "groups", "user_permissions"]  # fmt: skip

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        others = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("There already is an account for this email address."))
        return email


RIGHTS = {"is_superuser", "groups", "user_permissions"}


@admin.register(User)
class UserAdmin(AuditedModelAdmin):
    form = UserAdminForm
    list_display = ["email", "person_name", "institution", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_active", "is_superuser", "groups"]
    search_fields = ["email", "person__first_name", "person__last_name"]
    list_select_related = ["person__institution"]
    ordering = ["email"]
    autocomplete_fields = ["person"]
    filter_horizontal = ["groups", "user_permissions"]
    readonly_fields = ["last_login", "date_joined", "has_password"]
    fieldsets = [
        (None, {"fields": ["email", "person", "language", "has_password"]}),
        (
            _("Access"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),  # fmt: skip
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]

    @admin.display(description=_("person"), ordering="person__last_name")
    def person_name(self, obj):
        return obj.person.full_name if obj.person_id else "—"

    @admin.display(description=_("institution"))
    def institution(self, obj):
        return obj.person.institution.name if obj.person_id else "—"

    @admin.display(description=_("password set"), boolean=True)
    def has_password(self, obj):
        return obj.has_usable_password() if obj.pk else False

    def get_fieldsets(self, request, obj=None):
        """Rights (superuser, groups, permissions) are set by developers (superusers) only:
        staff who could edit them could give themselves every right."""
        if request.user.is_superuser:
            return self.fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in RIGHTS]})
            for name, options in self.fieldsets
        ]

    def _touches_superuser(self, request, obj) -> bool:
        # Staff could take over a superuser's account by changing its email address.
        return obj is not None and obj.is_superuser and not request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return not self._touches_superuser(request, obj) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return not self._touches_superuser(request, obj) and super().has_delete_permission(
            request, obj
        )

    def delete_refusal(self, obj) -> str:
        return gettext("Only a developer (superuser) can delete a superuser's account.")

    def save_model(self, request, obj, form, change):
        if not change:
            # Never a password in the back office: the user sets it through the reset link.
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)


# Persons ---------------------------------------------------------------------------------------


@admin.register(Person)
class PersonAdmin(AuditedModelAdmin):
    list_display = ["last_name", "first_name", "prefix", "institution", "email", "is_signatory",
                    "is_account_manager", "has_account"]  # fmt: skip
    list_display_links = ["last_name"]  # one link a row (see ProjectAdmin)
    list_filter = ["is_account_manager", "is_signatory", "contract_type", "institution"]
    search_fields = ["first_name", "last_name", "email", "user__email", "institution__name",
                     "pid_code"]  # fmt: skip
    list_select_related = ["institution", "user"]
    autocomplete_fields = ["institution"]
    ordering = ["last_name", "first_name"]

    def get_search_results(self, request, queryset, search_term):
        # The autocomplete (a login's person) shows each person by its text, name and
        # institution: read the institution in the same query.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.select_related("institution"), may_have_duplicates

    # Leaving is reported through accounts.services.person_leave (Mijn instelling), not typed here.
    readonly_fields = ["photo_preview", "created_at", "updated_at", "history", "left_on",
                       "leave_reported_by", "leave_applied_at"]  # fmt: skip
    fieldsets = [
        (_("General"), {"fields": ["institution", "initials", "first_name", "prefix", "last_name",
                                   "birth_date", "gender", "language", "email", "portal_email",
                                   "phone", "mobile", "photo_preview"]}),
        (_("Address"), {"fields": ["street_address", "postal_code", "city", "country"]}),
        (_("Postal address"), {"fields": ["postal_street_address", "postal_postal_code",
                                          "postal_city", "postal_country"]}),
        (_("Organisation"), {"fields": ["contract_type", "placement_start", "placement_end",
                                        "manager_name", "manager_function", "is_signatory",
                                        "is_account_manager", "left_on", "leave_reported_by",
                                        "leave_applied_at"]}),
        ("Remote Access", {"fields": ["pid_code", "rsa_token_id", "rsa_token_expires"]}),
        (_("Newsletters"), {"fields": ["newsletter"]}),
        (_("History"), {"fields": ["created_at", "updated_at", "history"]}),
    ]  # fmt: skip

    @admin.display(description=_("photo"))
    def photo_preview(self, obj):
        """The photo is the person's own (re-encoded on upload); staff see it, never replace it."""
        if not obj.pk or not obj.photo:
            return "—"
        return format_html(
            '<img src="{}" alt="{}" width="120">',
            reverse("accounts:person_photo", args=[obj.pk]),
            _("Photo of %(name)s") % {"name": obj.full_name},
        )

    @admin.display(description=_("account"), boolean=True)
    def has_account(self, obj):
        return getattr(obj, "user", None) is not None

    @admin.display(description=_("history of changes"))
    def history(self, obj):
        if not obj.pk:
            return "—"
        return _history(Event.objects.filter(person=obj).only(
            "created_at", "actor_name", "description", "verb", "data", "reason")[:50])  # fmt: skip


# Institutions ----------------------------------------------------------------------------------


def _plus_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


MAX_AUTHORIZATION_YEARS = 3


class InstitutionAdminForm(forms.ModelForm):
    class Meta:
        model = Institution
        fields = ["name", "is_cbs", "authorization_start", "authorization_end", "street_address",
                  "postal_code", "city", "country"]  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("authorization_start"), cleaned.get("authorization_end")
        if start and end:
            if end < start:
                self.add_error(
                    "authorization_end", _("The end date must be on or after the start date.")
                )
            elif end > _plus_years(start, MAX_AUTHORIZATION_YEARS):
                self.add_error(
                    "authorization_end",
                    _("An authorization lasts at most three years: end on %(date)s at the latest.")
                    % {"date": _plus_years(start, MAX_AUTHORIZATION_YEARS).strftime("%d-%m-%Y")},
                )
        elif start and not end and not cleaned.get("is_cbs"):
            self.add_error(
                "authorization_end",
                _("Give the end date of the authorization (at most three years)."),
            )
        elif end and not start:
            self.add_error("authorization_start", _("Give the start date of the authorization."))
        return cleaned


class AuthorizationEndingFilter(admin.SimpleListFilter):
    title = _("authorization")
    parameter_name = "authorization"

    def lookups(self, request, model_admin):
        return [
            ("ending", _("ends within 3 months")),
            ("current", _("current")),
            ("ended", _("ended")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "ending":
            return queryset.currently_authorized().filter(
                authorization_end__lte=today + datetime.timedelta(days=91)
            )
        if self.value() == "current":
            return queryset.currently_authorized()
        if self.value() == "ended":
            return queryset.filter(authorization_end__lt=today)
        return queryset


class _InstitutionPersonInline(admin.TabularInline):
    model = Person
    fields = ["initials", "first_name", "prefix", "last_name", "email", "is_signatory",
              "is_account_manager"]  # fmt: skip
    extra = 0
    show_change_link = True


class AccountManagerInline(_InstitutionPersonInline):
    verbose_name = _("account manager")
    verbose_name_plural = _("account managers")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(is_account_manager=True)


class ContactPersonInline(_InstitutionPersonInline):
    verbose_name = _("contact person")
    verbose_name_plural = _("contact persons")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(is_account_manager=False)


@admin.register(Institution)
class InstitutionAdmin(AuditedModelAdmin):
    form = InstitutionAdminForm
    list_display = ["name", "authorization_start", "authorization_end", "authorized_now", "is_cbs"]
    list_filter = [AuthorizationEndingFilter, "is_cbs"]
    search_fields = ["name", "city"]
    list_select_related = []
    ordering = ["name"]
    inlines = [AccountManagerInline, ContactPersonInline]
    fieldsets = [
        (None, {"fields": ["name", "is_cbs"]}),
        (_("Institution authorization"), {"fields": ["authorization_start", "authorization_end"],
                                          "description": _("At most three years.")}),
        (_("Address"), {"fields": ["street_address", "postal_code", "city", "country"]}),
    ]  # fmt: skip

    @admin.display(description=_("authorized now"), boolean=True)
    def authorized_now(self, obj):
        return obj.is_currently_authorized


# Account requests ------------------------------------------------------------------------------


@admin.register(AccountRequest)
class AccountRequestAdmin(AuditedModelAdmin):
    list_display = ["created_at", "full_name", "email", "institution", "status", "decided_by",
                    "decided_at"]  # fmt: skip
    list_filter = ["status", "institution"]
    search_fields = ["first_name", "last_name", "email", "institution__name"]
    list_select_related = ["institution", "decided_by__person__institution"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    readonly_fields = ["status", "created_at", "decided_by", "decided_at", "reason", "person",
                       "history"]  # fmt: skip
    fieldsets = [
        (_("Request"), {"fields": ["institution", "initials", "first_name", "prefix", "last_name",
                                   "birth_date", "gender", "email", "language", "created_at"]}),
        (_("Decision"), {"fields": ["status", "decided_by", "decided_at", "reason", "person",
                                    "history"]}),
    ]  # fmt: skip

    @admin.display(description=_("name"), ordering="last_name")
    def full_name(self, obj):
        return obj.full_name

    @admin.display(description=_("history"))
    def history(self, obj):
        if not obj.pk:
            return "—"
        return _history(
            Event.objects.filter(target_type="accounts.accountrequest", target_id=str(obj.pk))
        )

    def has_add_permission(self, request):
        return False  # requests come from visitors through the portal

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status != AccountRequestStatus.OPEN:
            fields += ["institution", "initials", "first_name", "prefix", "last_name",
                       "birth_date", "gender", "email", "language"]  # fmt: skip
        return fields


from accounts import admin_declarations  # noqa: E402, F401  (registers the declaration admins)
