"""The public news sites: /tin/<unit code>/… (no login)."""

from django.urls import path

from tuyengiao.news import views_public

app_name = "news_public"
urlpatterns = [
    path("<str:code>/", views_public.unit_home, name="unit_home"),
    path("<str:code>/rss.xml", views_public.feed, name="rss"),
    path("<str:code>/chuyen-muc/<slug:slug>/", views_public.category, name="category"),
    path("<str:code>/anh/<int:pk>/", views_public.image, name="image"),
    path("<str:code>/<slug:slug>/", views_public.article, name="article"),
]
