"""The OpenAPI description of ``/api/v1/`` made readable: a page rendered on the server from the
same schema the API serves (no script, nothing loaded from elsewhere)."""

from dataclasses import dataclass, field


@dataclass
class Field:
    name: str
    type: str
    description: str = ""


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: str
    parameters: list[Field] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)  # of one item of the answer


def _type(spec: dict, schemas: dict) -> str:
    if "$ref" in spec:
        return spec["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in spec:
        return " | ".join(_type(option, schemas) for option in spec["anyOf"])
    kind = spec.get("type", "")
    if kind == "array":
        return f"list[{_type(spec.get('items', {}), schemas)}]"
    if spec.get("format"):
        return f"{kind} ({spec['format']})"
    return kind


def _fields(spec: dict, schemas: dict) -> list[Field]:
    if spec.get("type") == "array":
        spec = spec.get("items", {})
    if "$ref" in spec:
        spec = schemas.get(spec["$ref"].rsplit("/", 1)[-1], {})
    return [
        Field(name, _type(prop, schemas), prop.get("description", ""))
        for name, prop in spec.get("properties", {}).items()
    ]


def api_description() -> dict:
    from institutions.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1")
    schemas = schema.get("components", {}).get("schemas", {})
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, spec in methods.items():
            responses = spec.get("responses", {})
            answer = (responses.get(200) or responses.get("200") or {}).get("content", {})
            body = answer.get("application/json", {}).get("schema", {})
            operations.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=spec.get("summary", ""),
                    description=spec.get("description", ""),
                    parameters=[
                        Field(p["name"], _type(p.get("schema", {}), schemas), p.get("in", ""))
                        for p in spec.get("parameters", [])
                    ],
                    fields=_fields(body, schemas),
                )
            )
    info = schema.get("info", {})
    return {
        "title": info.get("title", ""),
        "version": info.get("version", ""),
        "description": info.get("description", ""),
        "operations": operations,
        "schemas": {
            name: [Field(n, _type(p, schemas)) for n, p in spec.get("properties", {}).items()]
            for name, spec in schemas.items()
        },
    }
