"""Binding a form to a request, the one way every view does it (see docs/adr/0015).

    form = SomeForm(**posted(request), instance=thing)
    if request.method == "POST" and form.is_valid():
        ...  # call the service; on a refusal: add it to the form, fall through
        return redirect(...)
    return render(request, template, {"form": form}, status=form_status(form))

A POST binds the form even when empty (so the page shows what is missing); a GET shows it
unbound. A form sent back with errors answers 400 Bad Request, the page showing the errors beside
the fields and keeping what was typed; a form shown to be filled in answers 200.
"""

from django.http import HttpRequest


def posted(request: HttpRequest, *, files: bool = False) -> dict:
    """The keyword arguments binding a form to a POST (``data``, and ``files``); none for a GET."""
    if request.method != "POST":
        return {}
    return {"data": request.POST, "files": request.FILES} if files else {"data": request.POST}


def form_status(*forms) -> int:
    """400 when a form sent was refused (its errors shown), else 200."""
    return 400 if any(form.is_bound and form.errors for form in forms) else 200
