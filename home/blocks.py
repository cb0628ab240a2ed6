from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

from portal.access import get_viewer


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"))
    level = blocks.ChoiceBlock(
        label=_("Ebene"), choices=[("h2", _("Überschrift 2")), ("h3", _("Überschrift 3"))], default="h2"
    )

    class Meta:
        icon = "title"
        label = _("Überschrift")
        template = "home/blocks/heading.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Dokument"))
    label = blocks.CharBlock(label=_("Linktext"), required=False, help_text=_("Leer lassen für den Dokumenttitel."))

    class Meta:
        icon = "doc-full"
        label = _("Dokument-Link")
        template = "home/blocks/document_link.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        document = value.get("document")
        request = (parent_context or {}).get("request")
        visible = None
        if document is not None and request is not None:
            model = type(document)
            visible = model.objects.visible_to(get_viewer(request)).filter(pk=document.pk).first()
        context["document"] = visible
        return context


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Zitat"))
    source = blocks.CharBlock(label=_("Quelle"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Zitat")
        template = "home/blocks/quote.html"


class BodyStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Absatz"), features=["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]
    )
    image = ImageBlock(label=_("Bild"))
    document = DocumentLinkBlock()
    quote = QuoteBlock()
