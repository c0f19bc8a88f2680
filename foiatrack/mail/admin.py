from django.contrib import admin

from foiatrack.mail.models import Dispatch, MailAttachment, MailMessage


@admin.register(Dispatch)
class DispatchAdmin(admin.ModelAdmin):
    list_display = ["request", "kind", "state", "to_address", "sent_at"]
    list_filter = ["kind", "state"]
    readonly_fields = ["message_id", "communication", "sent_at"]


class MailAttachmentInline(admin.TabularInline):
    model = MailAttachment
    extra = 0
    fields = ["filename", "content_type", "size_bytes", "sha256", "is_data", "refused", "note"]
    readonly_fields = fields


@admin.register(MailMessage)
class MailMessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "from_address", "request", "kind", "matched_by", "verified"]
    list_filter = ["kind", "matched_by", "verified", "source"]
    search_fields = ["subject", "from_address", "message_id"]
    # The message is what arrived: never edited, only looked at.
    readonly_fields = [field.name for field in MailMessage._meta.fields]
    inlines = [MailAttachmentInline]
