"""Interface language: Bahasa Indonesia unless the person chose English.

Django's LocaleMiddleware would follow the browser's Accept-Language header, so most
browsers (set to English by default even in Indonesian offices) would get English. The
brief is Indonesian by default: only an explicit choice (the language cookie set by the
switch in the header) changes it."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class IndonesianByDefaultMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
