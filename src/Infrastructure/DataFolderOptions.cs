using System.ComponentModel.DataAnnotations;

namespace ZeegWebex.Infrastructure;

/// <summary>The top-level <c>DataFolder</c> setting: where the default SQLite file and the generated development token
/// key live. Unset, it is <c>App_Data</c> under the content root.</summary>
public sealed class DataFolderOptions : IValidatableObject
{
    public string? DataFolder { get; set; }

    public string ResolvePath(string contentRootPath) =>
        DataFolder is { Length: > 0 } configured ? configured : Path.Combine(contentRootPath, "App_Data");

    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (DataFolder is { Length: > 0 } folder && folder.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            yield return new ValidationResult("DataFolder must be a valid folder path.");
    }
}
