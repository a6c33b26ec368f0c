using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using ZeegWebex.WebexSimulator;

namespace ZeegWebex.IntegrationTests.Support;

/// <summary>The official Webex OpenAPI descriptions (webex-meeting.json, webex-messaging.json) as
/// request and response validators. They are read from the folder named by
/// ZEEGWEBEX_WEBEX_OPENAPI, or from ../shared/webex-openapi beside the repository; they are never
/// copied into the project. OpenAPI 3.0 schemas become JSON Schema 2020-12: component $refs point
/// into $defs, <c>nullable</c> becomes a "null" type, and an object admits only the properties the
/// spec names.</summary>
internal sealed class WebexOpenApi
{
    public const string FolderVariable = "ZEEGWEBEX_WEBEX_OPENAPI";

    private static readonly string[] Files = ["webex-meeting.json", "webex-messaging.json"];
    private static readonly Lazy<(WebexOpenApi? Spec, string? Missing)> Shared = new(Load);

    // Webex's error body, as webex-contract.md describes it; the spec gives it for a few statuses only.
    private static readonly JsonSchema ErrorSchema = JsonSchema.FromText("""
        {
          "type": "object",
          "required": ["message", "errors", "trackingId"],
          "properties": {
            "message": { "type": "string" },
            "errors": { "type": "array", "minItems": 1, "items": { "type": "object", "required": ["description"], "properties": { "description": { "type": "string" } } } },
            "trackingId": { "type": "string" }
          }
        }
        """, baseUri: new Uri("https://webex-openapi.test/webex-error"));

    private readonly List<(string File, JsonObject Document)> _documents;
    private readonly Dictionary<string, JsonSchema> _compiled = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    private WebexOpenApi(List<(string File, JsonObject Document)> documents) => _documents = documents;

    /// <summary>The loaded spec, or null and the reason it is not there (for Skip).</summary>
    public static (WebexOpenApi? Spec, string? Missing) Current => Shared.Value;

    /// <summary>The spec or a skipped test saying why.</summary>
    public static WebexOpenApi Require()
    {
        var (spec, missing) = Current;
        Skip.If(spec is null, missing);
        return spec!;
    }

    /// <summary>What is wrong with one recorded exchange: its operation must be in the spec, its
    /// request body must match the request schema, its answer the response schema of its status.</summary>
    public IReadOnlyList<string> Check(SimExchange exchange)
    {
        var path = exchange.Path.Split('?')[0];
        path = path.StartsWith("/v1/", StringComparison.Ordinal) ? path[3..] : path;
        var label = $"{exchange.Method} {exchange.Path} -> {exchange.Status}";
        if (FindOperation(exchange.Method, path) is not { } operation)
        {
            return [$"{label}: no such operation in the Webex OpenAPI descriptions."];
        }
        var problems = new List<string>();
        problems.AddRange(CheckRequest(operation, exchange.RequestBody).Select(p => $"{label} request: {p}"));
        problems.AddRange(CheckResponse(operation, exchange.Status, exchange.ResponseBody).Select(p => $"{label} response: {p}"));
        return problems;
    }

    /// <summary>Validates a request body sent to <paramref name="method"/> <paramref name="path"/>
    /// (a path of the spec, e.g. /meetings/{meetingId}, or a concrete one).</summary>
    public IReadOnlyList<string> CheckRequest(string method, string path, string? body) =>
        FindOperation(method, path) is { } operation ? CheckRequest(operation, body) : [$"{method} {path}: no such operation."];

    public IReadOnlyList<string> CheckResponse(string method, string path, int status, string? body) =>
        FindOperation(method, path) is { } operation ? CheckResponse(operation, status, body) : [$"{method} {path}: no such operation."];

    private IReadOnlyList<string> CheckRequest(Operation operation, string? body)
    {
        var content = operation.Node["requestBody"]?["content"]?.AsObject();
        if (content is null)
        {
            return body is null ? [] : ["the operation takes no request body, but one was sent."];
        }
        if (body is null)
        {
            return operation.Node["requestBody"]?["required"]?.GetValue<bool>() == true ? ["the request body is required."] : [];
        }
        var schema = JsonSchemaOf(content, operation, "request");
        return schema is null ? [] : Evaluate(schema, body);
    }

    private IReadOnlyList<string> CheckResponse(Operation operation, int status, string? body)
    {
        var responses = operation.Node["responses"]!.AsObject();
        var declared = responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        if (declared is null)
        {
            return [$"status {status} is not a documented answer of this operation."];
        }
        var content = declared["content"]?.AsObject();
        var schema = content is null ? null : JsonSchemaOf(content, operation, $"response {status}");
        if (schema is not null)
        {
            return body is null ? ["the response body is missing."] : Evaluate(schema, body);
        }
        if (status >= 400)
        {
            return body is null ? ["an error without a Webex error body."] : Evaluate(ErrorSchema, body);
        }
        return body is null ? [] : [$"status {status} has no body in the spec, but one was sent."];
    }

    private static IReadOnlyList<string> Evaluate(JsonSchema schema, string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return [$"not JSON: {e.Message}"];
        }
        using (document)
        {
            var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (result.IsValid)
            {
                return [];
            }
            var problems = (result.Details ?? [])
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}"))
                .ToList();
            return problems.Count > 0 ? problems : ["does not match the schema."];
        }
    }

    private JsonSchema? JsonSchemaOf(JsonObject content, Operation operation, string what)
    {
        var json = content.FirstOrDefault(c => c.Key.Contains("json", StringComparison.OrdinalIgnoreCase)).Value;
        if (json?["schema"] is not { } schema)
        {
            return null;
        }
        var key = $"{operation.File}|{operation.Method} {operation.Path}|{what}";
        lock (_gate)
        {
            if (!_compiled.TryGetValue(key, out var compiled))
            {
                compiled = Compile(schema, operation.Components);
                _compiled[key] = compiled;
            }
            return compiled;
        }
    }

    private static JsonSchema Compile(JsonNode schema, JsonObject components)
    {
        var root = Convert(schema)!.AsObject();
        var defs = new JsonObject();
        var pending = new Queue<string>(ReferencedNames(root));
        while (pending.TryDequeue(out var name))
        {
            if (defs.ContainsKey(name) || components[name] is not { } component)
            {
                continue;
            }
            var converted = Convert(component)!;
            defs[name] = converted;
            foreach (var next in ReferencedNames(converted))
            {
                pending.Enqueue(next);
            }
        }
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = defs;
        return JsonSchema.FromText(root.ToJsonString(), baseUri: new Uri($"https://webex-openapi.test/{Guid.NewGuid():N}"));
    }

    private static IEnumerable<string> ReferencedNames(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "$ref" && p.Value?.GetValue<string>() is { } target && target.StartsWith("#/$defs/", StringComparison.Ordinal)
            ? [target["#/$defs/".Length..]]
            : p.Value is null ? [] : ReferencedNames(p.Value)),
        JsonArray a => a.Where(i => i is not null).SelectMany(i => ReferencedNames(i!)),
        _ => [],
    };

    /// <summary>A deep copy in JSON Schema 2020-12 terms.</summary>
    private static JsonNode? Convert(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject source:
                var target = new JsonObject();
                foreach (var (name, value) in source)
                {
                    if (name == "$ref" && value?.GetValue<string>() is { } reference)
                    {
                        target[name] = reference.Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
                    }
                    else if (name is "example" or "nullable" or "discriminator" or "xml" or "externalDocs")
                    {
                        continue;
                    }
                    else
                    {
                        target[name] = Convert(value);
                    }
                }
                if (source["nullable"]?.GetValue<bool>() == true && target["type"] is JsonValue type)
                {
                    target["type"] = new JsonArray(type.GetValue<string>(), "null");
                }
                // A field the spec does not name is a finding: a simulator inventing fields lets the
                // client depend on them, and a client sending them (invitees in an update) is ignored
                // by Webex at best.
                if (target["properties"] is JsonObject && target["additionalProperties"] is null && target["unevaluatedProperties"] is null)
                {
                    target["unevaluatedProperties"] = false;
                }
                return target;
            case JsonArray array:
                return new JsonArray(array.Select(Convert).ToArray());
            default:
                return node?.DeepClone();
        }
    }

    private Operation? FindOperation(string method, string path)
    {
        var requested = path.Trim('/').Split('/');
        Operation? best = null;
        var bestLiterals = -1;
        foreach (var (file, document) in _documents)
        {
            foreach (var (template, item) in document["paths"]!.AsObject())
            {
                var segments = template.Trim('/').Split('/');
                if (segments.Length != requested.Length || item?[method.ToLowerInvariant()] is not JsonObject operation)
                {
                    continue;
                }
                var literals = 0;
                var matches = true;
                for (var i = 0; i < segments.Length && matches; i++)
                {
                    var isParameter = segments[i].StartsWith('{');
                    matches = isParameter || segments[i] == requested[i];
                    literals += isParameter ? 0 : 1;
                }
                if (matches && literals > bestLiterals)
                {
                    best = new Operation(file, method.ToUpperInvariant(), template, operation, document["components"]!["schemas"]!.AsObject());
                    bestLiterals = literals;
                }
            }
        }
        return best;
    }

    private static (WebexOpenApi? Spec, string? Missing) Load() =>
        LoadFrom(Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } configured ? configured : BesideRepository());

    /// <summary>The spec from <paramref name="folder"/>, or null and why it is not there.</summary>
    public static (WebexOpenApi? Spec, string? Missing) LoadFrom(string? folder)
    {
        if (folder is null)
        {
            return (null, $"The Webex OpenAPI files are not available: set {FolderVariable} or put shared/webex-openapi beside the repository.");
        }
        var missing = Files.Where(f => !File.Exists(Path.Combine(folder, f))).ToList();
        if (missing.Count > 0)
        {
            return (null, $"The Webex OpenAPI files {string.Join(", ", missing)} are not in {folder} (set {FolderVariable} to their folder).");
        }
        var documents = Files.Select(f => (f, JsonNode.Parse(File.ReadAllText(Path.Combine(folder, f)))!.AsObject())).ToList();
        return (new WebexOpenApi(documents), null);
    }

    private static string? BesideRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ZeegWebex.sln")))
            {
                return dir.Parent is null ? null : Path.Combine(dir.Parent.FullName, "shared", "webex-openapi");
            }
        }
        return null;
    }

    private sealed record Operation(string File, string Method, string Path, JsonObject Node, JsonObject Components);
}
