from django.urls import path

from laa.performance import (
    budget_views,
    grant_views,
    reward_views,
    views,
    views_board,
    views_caa,
    views_comparison,
    views_delivery,
    views_equality,
    views_picture,
    views_public,
)

# Under /progress/ (laa/urls.py).
app_name = "performance"
urlpatterns = [
    path("", views.region, name="region"),
    path("hotspots", views_comparison.hotspots, name="hotspots"),
    path("area-based-grant.csv", grant_views.area_based_grant_all_csv, name="area_based_grant_all_csv"),
    path("indicators/<str:code>", views_comparison.indicator, name="indicator"),
    path("indicators/<str:code>/groups", views_equality.groups, name="groups"),
    path("public", views_public.index, name="public_index"),
    path("department", views_picture.department, name="department"),
    path("national", views_picture.national, name="national"),
    path("<str:area_code>", views.area, name="area"),
    path("<str:area_code>/board-report", views_board.board_report, name="board_report"),
    path("<str:area_code>/board-report.pdf", views_board.board_report_pdf, name="board_report_pdf"),
    path("<str:area_code>/assessment", views_caa.assessment, name="assessment"),
    path("<str:area_code>/public", views_public.area, name="public"),
    path("<str:area_code>/public/<str:what>.<str:fmt>", views_public.data, name="public_data"),
    path("<str:area_code>/reward", reward_views.reward, name="reward"),
    path("<str:area_code>/targets", views_delivery.target_words, name="target_words"),
    path("<str:area_code>/exceptions", views_delivery.exceptions, name="exceptions"),
    path("<str:area_code>/area-based-grant", grant_views.area_based_grant, name="area_based_grant"),
    path("<str:area_code>/area-based-grant.csv", grant_views.area_based_grant_csv, name="area_based_grant_csv"),
    path("<str:area_code>/reward/budgets", budget_views.budgets, name="reward_budgets"),
    path("<str:area_code>/reward/claims", reward_views.claims, name="reward_claims"),
    path("<str:area_code>/reward/claims/<int:number>", reward_views.claim_page, name="reward_claim"),
    path("<str:area_code>/reward/claims/<int:number>/determination", reward_views.determination,
         name="reward_determination"),
    path("<str:area_code>/reward/claims/<int:number>/determination.pdf", reward_views.determination_pdf,
         name="reward_determination_pdf"),
    path("<str:area_code>/reward/claims/<int:number>/determination.csv", reward_views.determination_csv,
         name="reward_determination_csv"),
    path("<str:area_code>/reward/claims/<int:number>/<str:step>", reward_views.claim_step, name="reward_step"),
]
