from django.urls import path

from tuyengiao.news import views, views_import

app_name = "news"
urlpatterns = [
    path("", views.article_list, name="article_list"),
    path("new/", views.article_create, name="article_create"),
    path("<int:pk>/", views.article_detail, name="article_detail"),
    path("<int:pk>/edit/", views.article_update, name="article_update"),
    path("<int:pk>/publish/", views.article_publish, name="article_publish"),
    path("<int:pk>/unpublish/", views.article_unpublish, name="article_unpublish"),
    path("<int:pk>/delete/", views.article_delete, name="article_delete"),
    path("<int:pk>/images/", views.image_add, name="image_add"),
    path("<int:pk>/images/<int:image_pk>/", views.image_file, name="image_file"),
    path("<int:pk>/images/<int:image_pk>/delete/", views.image_remove, name="image_remove"),
    path("imports/", views_import.import_list, name="import_list"),
    path("imports/<int:pk>/", views_import.import_review, name="import_review"),
    path("imports/<int:pk>/discard/", views_import.import_discard, name="import_discard"),
    path("categories/", views.category_list, name="category_list"),
    path("categories/<int:pk>/edit/", views.category_update, name="category_update"),
    path("categories/<int:pk>/delete/", views.category_delete, name="category_delete"),
]
