"""Record every call to the API made with a token, with the answer's status."""

from institutions.api import record_call

API_PREFIX = "/api/"


class ApiCallMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX):
            record_call(request, response)
            response["Cache-Control"] = "private, no-store"
        return response
