"""Spreadsheet import and export in the admin, with the site's rules on top of
django-import-export: every file goes through core/spreadsheets.py (no cell is ever a
formula), and an import can be confirmed only by the user who uploaded its file."""

import os

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ConfirmImportForm
from import_export.tmp_storages import TempFolderStorage

from core.spreadsheets import escape_for_csv, from_xlsx, to_xlsx, unescape_from_csv

# The module's old name, kept so that uploads signed before the move can still be confirmed.
UPLOAD_SALT = "lmc_site.spreadsheet_admin.upload"
UPLOAD_GONE_MESSAGE = "This upload cannot be found or was already imported: upload the file again."
NOT_THE_UPLOADER_MESSAGE = (
    "Only the person who uploaded a file can confirm its import: upload the file yourself."
)


class SafeCSV(CSV):
    """CSV whose formula-like texts carry a leading apostrophe, removed again on import."""

    def create_dataset(self, in_stream, **kwargs):
        return unescape_from_csv(super().create_dataset(in_stream, **kwargs))

    def export_data(self, dataset, **kwargs):
        return super().export_data(escape_for_csv(dataset), **kwargs)


class SafeXLSX(XLSX):
    """XLSX whose texts are all string cells, never formulas."""

    def create_dataset(self, in_stream):
        return from_xlsx(in_stream)

    def export_data(self, dataset, **kwargs):
        return to_xlsx(dataset)


class UploadStorage(TempFolderStorage):
    """The uploaded file between the dry run and its confirmation."""

    def exists(self):
        return os.path.isfile(self.get_full_path())

    def read(self):
        if "b" in self.read_mode:
            return super().read()
        # Line endings are left to the CSV reader: a carriage return inside a quoted cell is
        # part of the text, which universal newlines would turn into a line feed.
        with open(self.get_full_path(), self.read_mode, encoding=self.encoding, newline="") as file:
            return file.read()


class UploaderConfirmImportForm(ConfirmImportForm):
    """The confirm step's hidden form. The file name, format and resource travel signed
    together with the uploader's id, so a changed value or another user is refused."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    @staticmethod
    def sign(user, file_name, file_format, resource):
        upload = {"file": file_name, "format": file_format, "resource": resource, "user": user.pk}
        return signing.dumps(upload, salt=UPLOAD_SALT)

    def clean_import_file_name(self):
        try:
            self.upload = signing.loads(self.cleaned_data["import_file_name"], salt=UPLOAD_SALT)
        except signing.BadSignature:
            raise ValidationError(UPLOAD_GONE_MESSAGE) from None
        if self.upload["user"] != self.user.pk:
            raise ValidationError(NOT_THE_UPLOADER_MESSAGE)
        return os.path.basename(self.upload["file"])

    def clean(self):
        cleaned = super().clean()
        upload = getattr(self, "upload", None)
        if upload is not None and (
            cleaned.get("format") != upload["format"]
            or (cleaned.get("resource") or "") != upload["resource"]
        ):
            raise ValidationError(UPLOAD_GONE_MESSAGE)
        return cleaned


class SpreadsheetImportExportMixin(ImportExportMixin):
    """Import and export buttons for a model admin, in CSV and XLSX."""

    formats = [SafeCSV, SafeXLSX]
    tmp_storage_class = UploadStorage
    confirm_form_class = UploaderConfirmImportForm

    def get_export_data(self, file_format, request, queryset, **kwargs):
        # The library gives native values (numbers, dates) only to its own XLSX class, which
        # it recognises by exact type; these formats write them themselves.
        if not self.has_export_permission(request):
            raise PermissionDenied
        force_native_type = file_format.is_binary()
        data = self.get_data_for_export(
            request, queryset, force_native_type=force_native_type, **kwargs
        )
        export_data = file_format.export_data(data)
        encoding = kwargs.get("encoding")
        if not file_format.is_binary() and encoding:
            export_data = export_data.encode(encoding)
        return export_data

    def get_confirm_form_kwargs(self, request, import_form=None):
        return {**super().get_confirm_form_kwargs(request, import_form), "user": request.user}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if initial:
            initial["import_file_name"] = UploaderConfirmImportForm.sign(
                request.user,
                initial["import_file_name"],
                initial["format"],
                initial["resource"] or "",
            )
        return initial

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.create_confirm_form(request)
        if not form.is_valid():
            not_the_uploader = NOT_THE_UPLOADER_MESSAGE in form.errors.get("import_file_name", [])
            message = NOT_THE_UPLOADER_MESSAGE if not_the_uploader else UPLOAD_GONE_MESSAGE
            return self.refuse_import(request, message)
        if not UploadStorage(name=form.cleaned_data["import_file_name"]).exists():
            return self.refuse_import(request, UPLOAD_GONE_MESSAGE)
        return super().process_import(request, **kwargs)

    def refuse_import(self, request, message):
        messages.error(request, message)
        opts = self.model._meta
        return redirect(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_import")
