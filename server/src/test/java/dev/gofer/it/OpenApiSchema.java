package dev.gofer.it;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks JSON values against the component schemas of the API contract (an OpenAPI 3.0 document,
 * {@code gofer-openapi.json} on the test classpath). Supports what the contract uses: {@code $ref},
 * {@code allOf}, {@code oneOf}, {@code anyOf}, {@code enum}, {@code required}, {@code type}
 * (object/array/string/integer/number/boolean), {@code nullable}, {@code properties},
 * {@code additionalProperties} (schema or {@code false}), {@code items}, {@code minimum} and the
 * integer {@code format}s (uint8 ... int64). Annotations (description, title, example, ...) are ignored.
 * Any other keyword fails loudly, so a new contract construct is never silently treated as "valid".
 *
 * <p>Properties a schema does not name are allowed (the server may extend the contract), unless the
 * schema says {@code additionalProperties: false}.
 *
 * <p>Each violation is one readable line starting with the JSON path of the offending value, e.g.
 * {@code run.status_reason.reason: 'foo' not in [unknown, abnormal_exit, ...]} or
 * {@code runs[0].status: required property missing}.
 */
public final class OpenApiSchema {
    static final String RESOURCE = "/gofer-openapi.json";

    private static final Set<String> ANNOTATIONS = Set.of("description", "title", "example", "examples", "format",
            "deprecated", "readOnly", "writeOnly", "externalDocs", "xml", "discriminator");
    private static final Set<String> KEYWORDS = Set.of("$ref", "allOf", "oneOf", "anyOf", "enum", "required", "type",
            "nullable", "properties", "additionalProperties", "items", "minimum");

    private final JsonObject document;

    private OpenApiSchema(JsonObject document) {
        this.document = document;
    }

    /** The contract from the test classpath. */
    public static OpenApiSchema load() {
        try (InputStream in = OpenApiSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test classpath");
            }
            return new OpenApiSchema(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }

    static OpenApiSchema of(JsonObject document) {
        return new OpenApiSchema(document);
    }

    /** Validates a response body (text) against {@code #/components/schemas/<schemaName>}. */
    public List<String> validateBody(String body, String schemaName) {
        Object value;
        try {
            value = Json.decodeValue(body);
        } catch (DecodeException e) {
            return List.of("(root): body is not JSON: " + e.getMessage() + " -- body was: " + abbreviate(String.valueOf(body)));
        }
        return validate(value, schemaName);
    }

    /** Validates a decoded JSON value (JsonObject, JsonArray, String, Number, Boolean or null). */
    List<String> validate(Object value, String schemaName) {
        List<String> out = new ArrayList<>();
        check(value, ref("#/components/schemas/" + schemaName), "", out);
        return out;
    }

    /**
     * The component schema name of the JSON body the contract gives for a response:
     * {@code paths[template][method].responses[status | "4XX" | "default"]}, following
     * {@code #/components/responses/...}. {@code requestPath} is a concrete path (a query string is ignored); it is matched
     * against the path templates, literal segments winning over {@code {parameters}}.
     *
     * @throws AssertionError if the contract has no such path, method or response, or it has no JSON schema
     */
    String responseSchema(String method, String requestPath, int status) {
        String template = template(requestPath);
        JsonObject op = document.getJsonObject("paths").getJsonObject(template).getJsonObject(method.toLowerCase());
        if (op == null) {
            throw new AssertionError("the contract has no " + method + " " + template);
        }
        JsonObject responses = op.getJsonObject("responses");
        String code = Integer.toString(status);
        JsonObject response = responses.getJsonObject(code);
        if (response == null) {
            response = responses.getJsonObject(code.charAt(0) + "XX");
        }
        if (response == null) {
            response = responses.getJsonObject("default");
        }
        if (response == null) {
            throw new AssertionError("the contract has no response " + status + " for " + method + " " + template
                    + " (it has " + responses.fieldNames() + ")");
        }
        if (response.containsKey("$ref")) {
            response = ref(response.getString("$ref"));
        }
        JsonObject content = response.getJsonObject("content");
        JsonObject json = content == null ? null : content.getJsonObject("application/json");
        String schemaRef = json == null || json.getJsonObject("schema") == null ? null
                : json.getJsonObject("schema").getString("$ref");
        if (schemaRef == null || !schemaRef.startsWith("#/components/schemas/")) {
            throw new AssertionError("the contract gives no JSON schema for " + status + " of " + method + " " + template);
        }
        return schemaRef.substring("#/components/schemas/".length());
    }

    /** The contract's path template for a concrete request path. */
    String template(String requestPath) {
        int query = requestPath.indexOf('?');
        String[] want = (query < 0 ? requestPath : requestPath.substring(0, query)).split("/", -1);
        String best = null;
        int bestLiterals = -1;
        for (String template : document.getJsonObject("paths").fieldNames()) {
            String[] have = template.split("/", -1);
            if (have.length != want.length) {
                continue;
            }
            int literals = 0;
            boolean matches = true;
            for (int i = 0; i < have.length && matches; i++) {
                if (have[i].startsWith("{") && have[i].endsWith("}")) {
                    matches = !want[i].isEmpty();
                } else if (have[i].equals(want[i])) {
                    literals++;
                } else {
                    matches = false;
                }
            }
            if (matches && literals > bestLiterals) {
                best = template;
                bestLiterals = literals;
            }
        }
        if (best == null) {
            throw new AssertionError("the contract has no path matching " + requestPath);
        }
        return best;
    }

    private JsonObject ref(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("only local $refs are supported, got " + ref);
        }
        Object node = document;
        for (String part : ref.substring(2).split("/")) {
            String key = part.replace("~1", "/").replace("~0", "~");
            node = node instanceof JsonObject o ? o.getValue(key) : null;
            if (node == null) {
                throw new IllegalArgumentException("$ref " + ref + " does not resolve in the contract");
            }
        }
        if (!(node instanceof JsonObject schema)) {
            throw new IllegalArgumentException("$ref " + ref + " is not an object");
        }
        return schema;
    }

    private void check(Object value, JsonObject schema, String path, List<String> out) {
        for (String key : schema.fieldNames()) {
            if (!KEYWORDS.contains(key) && !ANNOTATIONS.contains(key) && !key.startsWith("x-")) {
                throw new IllegalStateException("OpenApiSchema does not support the keyword '" + key + "' (at "
                        + where(path) + " in " + abbreviate(schema.encode()) + "); extend the validator");
            }
        }
        if (value == null) {
            checkNull(schema, path, out);
            return;
        }
        if (schema.containsKey("$ref")) {
            check(value, ref(schema.getString("$ref")), path, out);
        }
        JsonArray allOf = schema.getJsonArray("allOf");
        if (allOf != null) {
            for (Object part : allOf) {
                check(value, (JsonObject) part, path, out);
            }
        }
        if (schema.containsKey("oneOf")) {
            checkAlternatives(value, schema.getJsonArray("oneOf"), path, out, true);
        }
        if (schema.containsKey("anyOf")) {
            checkAlternatives(value, schema.getJsonArray("anyOf"), path, out, false);
        }
        String type = schema.getString("type");
        if (type != null && !hasType(value, type)) {
            out.add(where(path) + ": expected " + type + ", got " + describe(value));
            return; // the other checks would only repeat the type mismatch
        }
        JsonArray allowed = schema.getJsonArray("enum");
        if (allowed != null && !allowed.contains(value)) {
            out.add(where(path) + ": " + quote(value) + " not in " + list(allowed));
        }
        if (value instanceof Number n) {
            checkNumber(n, schema, path, out);
        }
        if (value instanceof JsonObject object) {
            checkObject(object, schema, path, out);
        }
        if (value instanceof JsonArray array && schema.containsKey("items")) {
            JsonObject items = schema.getJsonObject("items");
            for (int i = 0; i < array.size(); i++) {
                check(array.getValue(i), items, path + "[" + i + "]", out);
            }
        }
    }

    /** OpenAPI 3.0: null is valid only where {@code nullable: true}; a schema without constraints accepts it too. */
    private void checkNull(JsonObject schema, String path, List<String> out) {
        if (schema.getBoolean("nullable", false)) {
            return;
        }
        int before = out.size();
        if (schema.containsKey("$ref")) {
            check(null, ref(schema.getString("$ref")), path, out);
        }
        for (String combinator : List.of("allOf", "oneOf", "anyOf")) {
            if (schema.containsKey(combinator)) {
                for (Object part : schema.getJsonArray(combinator)) {
                    check(null, (JsonObject) part, path, out);
                }
            }
        }
        if (out.size() == before && (schema.containsKey("type") || schema.containsKey("enum"))) {
            out.add(where(path) + ": is null but not nullable");
        }
        // one line per null is enough, however many sub-schemas objected
        while (out.size() > before + 1) {
            out.remove(out.size() - 1);
        }
    }

    private void checkAlternatives(Object value, JsonArray alternatives, String path, List<String> out, boolean exactlyOne) {
        List<JsonObject> resolved = new ArrayList<>();
        for (Object alt : alternatives) {
            JsonObject s = (JsonObject) alt;
            resolved.add(s.containsKey("$ref") && s.size() == 1 ? ref(s.getString("$ref")) : s);
        }
        // The contract spells string enums as oneOf: [{type: string, enum: [a]}, {type: string, enum: [b]}, ...].
        // Report those as one enum, so the message lists every allowed value.
        if (resolved.stream().allMatch(s -> "string".equals(s.getString("type")) && s.containsKey("enum"))) {
            JsonArray all = new JsonArray();
            resolved.forEach(s -> s.getJsonArray("enum").forEach(all::add));
            if (!(value instanceof String)) {
                out.add(where(path) + ": expected string, got " + describe(value));
            } else if (!all.contains(value)) {
                out.add(where(path) + ": " + quote(value) + " not in " + list(all));
            }
            return;
        }
        int matching = 0;
        List<String> closest = null;
        for (JsonObject alt : resolved) {
            List<String> problems = new ArrayList<>();
            check(value, alt, path, problems);
            if (problems.isEmpty()) {
                matching++;
            } else if (closest == null || problems.size() < closest.size()) {
                closest = problems;
            }
        }
        String keyword = exactlyOne ? "oneOf" : "anyOf";
        if (matching == 0) {
            out.add(where(path) + ": matches none of the " + resolved.size() + " " + keyword + " alternatives; closest: "
                    + String.join("; ", closest == null ? List.of() : closest));
        } else if (exactlyOne && matching > 1) {
            out.add(where(path) + ": matches " + matching + " oneOf alternatives, exactly one expected: " + abbreviate(Json.encode(value)));
        }
    }

    private void checkObject(JsonObject object, JsonObject schema, String path, List<String> out) {
        JsonArray required = schema.getJsonArray("required");
        if (required != null) {
            for (Object name : required) {
                if (!object.containsKey((String) name)) {
                    out.add(where(child(path, (String) name)) + ": required property missing");
                }
            }
        }
        JsonObject properties = schema.getJsonObject("properties", new JsonObject());
        Object additional = schema.getValue("additionalProperties");
        for (Map.Entry<String, Object> e : object) {
            String childPath = child(path, e.getKey());
            if (properties.containsKey(e.getKey())) {
                check(e.getValue(), properties.getJsonObject(e.getKey()), childPath, out);
            } else if (additional instanceof JsonObject extra) {
                check(e.getValue(), extra, childPath, out);
            } else if (Boolean.FALSE.equals(additional)) {
                out.add(where(childPath) + ": property not allowed here (additionalProperties: false)");
            }
            // otherwise: an unknown extra property is allowed
        }
    }

    private void checkNumber(Number n, JsonObject schema, String path, List<String> out) {
        BigDecimal v = new BigDecimal(n.toString());
        Object min = schema.getValue("minimum");
        if (min instanceof Number m && v.compareTo(new BigDecimal(m.toString())) < 0) {
            out.add(where(path) + ": " + n + " is below the minimum " + m);
            return; // the format's range would say the same again
        }
        String format = schema.getString("format");
        if (format != null && isIntegral(n)) {
            BigInteger i = v.toBigIntegerExact();
            BigInteger[] range = switch (format) {
                case "uint8" -> new BigInteger[] {BigInteger.ZERO, BigInteger.valueOf(255)};
                case "uint16" -> new BigInteger[] {BigInteger.ZERO, BigInteger.valueOf(65535)};
                case "uint32" -> new BigInteger[] {BigInteger.ZERO, BigInteger.valueOf(4294967295L)};
                case "uint64" -> new BigInteger[] {BigInteger.ZERO, BigInteger.TWO.pow(64).subtract(BigInteger.ONE)};
                case "int32" -> new BigInteger[] {BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE)};
                case "int64" -> new BigInteger[] {BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE)};
                default -> null;
            };
            if (range != null && (i.compareTo(range[0]) < 0 || i.compareTo(range[1]) > 0)) {
                out.add(where(path) + ": " + n + " is out of range for " + format);
            }
        }
    }

    private static boolean hasType(Object value, String type) {
        return switch (type) {
            case "object" -> value instanceof JsonObject;
            case "array" -> value instanceof JsonArray;
            case "string" -> value instanceof String;
            case "boolean" -> value instanceof Boolean;
            case "integer" -> value instanceof Number n && isIntegral(n);
            case "number" -> value instanceof Number;
            default -> throw new IllegalStateException("unknown schema type '" + type + "'");
        };
    }

    /** Strict: 1.0 is a number but not an integer, as a Go or Rust client would decode it. */
    private static boolean isIntegral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte || n instanceof BigInteger;
    }

    private static String describe(Object value) {
        String kind;
        if (value instanceof JsonObject) {
            kind = "object";
        } else if (value instanceof JsonArray) {
            kind = "array";
        } else if (value instanceof String) {
            kind = "string";
        } else if (value instanceof Boolean) {
            kind = "boolean";
        } else if (value instanceof Number n) {
            kind = isIntegral(n) ? "integer" : "number";
        } else {
            kind = value == null ? "null" : value.getClass().getSimpleName();
        }
        return kind + " " + abbreviate(Json.encode(value));
    }

    private static String quote(Object value) {
        return value instanceof String s ? "'" + s + "'" : abbreviate(Json.encode(value));
    }

    private static String list(JsonArray values) {
        List<String> items = new ArrayList<>();
        values.forEach(v -> items.add(String.valueOf(v)));
        return "[" + String.join(", ", items) + "]";
    }

    private static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String where(String path) {
        return path.isEmpty() ? "(root)" : path;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
