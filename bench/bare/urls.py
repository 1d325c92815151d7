from django.db import connection
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt


def hello(request):
    return JsonResponse({"status": "ok"})


@csrf_exempt
def insert(request):
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_bare_row (payload) VALUES (%s)", [request.body[:200]])
    return JsonResponse({"status": "ok"})


urlpatterns = [path("hello", hello), path("insert", insert)]
