import datetime

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from portal import i18n
from portal.access import AudiencePageMixin, PortalPage, get_viewer

from .blocks import BodyStreamBlock


class HomePage(PortalPage):
    intro = models.TextField(_("Einleitung"), blank=True)
    body = StreamField(BodyStreamBlock(), verbose_name=_("Inhalt"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    max_count = 1

    class Meta:
        verbose_name = _("Startseite")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        viewer = get_viewer(request)
        news = NewsPage.objects.live().filter(locale__language_code=i18n.default_language()).visible_to(viewer)
        # the German news, each in the visitor's language where translated
        context["latest_news"] = i18n.localize(news.order_by("-date", "-pk")[:3])
        return context


class ContentPage(PortalPage):
    """Impressum, Datenschutz, Barrierefreiheit, Leichte Sprache and other information pages."""

    intro = models.TextField(_("Einleitung"), blank=True)
    body = StreamField(BodyStreamBlock(), verbose_name=_("Inhalt"), blank=True)
    in_footer = models.BooleanField(_("Im Fußbereich verlinken"), default=False)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    promote_panels = Page.promote_panels + [FieldPanel("in_footer")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("Inhaltsseite")


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("home.NewsPage", on_delete=models.CASCADE, related_name="tagged_items")


class NewsIndexPage(PortalPage):
    intro = models.TextField(_("Einleitung"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["home.NewsPage"]
    parent_page_types = ["home.HomePage"]
    per_page = 10

    class Meta:
        verbose_name = _("Nachrichtenübersicht")

    def news(self, viewer):
        """The news of the German index (a translated index lists them too, see get_context)."""
        source = self if self.locale.language_code == i18n.default_language() else self.get_source_index()
        return (
            NewsPage.objects.live()
            .child_of(source)
            .visible_to(viewer)
            .select_related("image")
            .prefetch_related("tags")
            .order_by("-date", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = self.news(get_viewer(request))
        tag = request.GET.get("tag", "").strip()
        if tag:
            news = news.filter(tags__slug=tag)
        paginator = Paginator(news, self.per_page)
        news_page = paginator.get_page(request.GET.get("seite"))
        news_page.object_list = i18n.localize(
            news_page.object_list, select_related=["image"], prefetch_related=["tags"]
        )
        context["news_page"] = news_page
        context["tag"] = tag
        return context

    def get_source_index(self):
        return (
            NewsIndexPage.objects.filter(
                translation_key=self.translation_key, locale__language_code=i18n.default_language()
            ).first()
            or self
        )


class NewsPage(AudiencePageMixin, PortalPage):
    date = models.DateField(_("Datum"), default=datetime.date.today, db_index=True)
    teaser = models.TextField(_("Anreißer"), max_length=400)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Bild"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("Inhalt"), blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("Schlagwörter"))

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("audience"),
        FieldPanel("teaser"),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("teaser"),
        index.SearchField("body"),
        index.FilterField("audience"),
        index.FilterField("date"),
    ]
    parent_page_types = ["home.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Nachricht")
        verbose_name_plural = _("Nachrichten")

    def get_meta_description(self):
        return self.search_description or self.teaser
