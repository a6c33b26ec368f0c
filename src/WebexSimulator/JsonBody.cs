using System.Text.Json;

namespace ZeegWebex.WebexSimulator;

/// <summary>A JSON object request body read field by field, so PATCH can tell a missing field
/// (unchanged) from a null one, and a field of the wrong type is a 400 naming the field.</summary>
internal sealed class JsonBody(JsonElement root)
{
    private readonly List<string> _errors = [];

    public IReadOnlyList<string> Errors => _errors;

    public static async Task<(JsonBody? Body, string? Error)> ReadAsync(HttpContext http)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? (new JsonBody(document.RootElement.Clone()), null)
                : (null, "The request body must be a JSON object.");
        }
        catch (JsonException)
        {
            return (null, "The request body is not valid JSON.");
        }
    }

    public bool Has(string name) => root.TryGetProperty(name, out _);

    /// <summary>Null when absent or null.</summary>
    public string? String(string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            _errors.Add($"{name} must be a string.");
            return null;
        }
        return value.GetString();
    }

    public bool Boolean(string name, bool fallback)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }
        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            _errors.Add($"{name} must be true or false.");
            return fallback;
        }
        return value.GetBoolean();
    }

    /// <summary>Null when absent or null.</summary>
    public IReadOnlyList<string>? Strings(string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            _errors.Add($"{name} must be an array of strings.");
            return null;
        }
        return value.EnumerateArray().Select(e => e.GetString()!).ToList();
    }

    /// <summary>Null when absent or null.</summary>
    public IReadOnlyList<JsonBody>? Objects(string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Object))
        {
            _errors.Add($"{name} must be an array of objects.");
            return null;
        }
        return value.EnumerateArray().Select(e => new JsonBody(e)).ToList();
    }
}
