namespace ZeegWebex.Infrastructure;

/// <summary>
/// The data folder, the embedded database and the development key hold everything this service keeps: on Unix they are
/// created readable by the service's own user only (folder 0700, files 0600), from the first moment rather than
/// tightened afterwards. SQLite gives its -wal and -shm files the database file's mode.
/// </summary>
public static class OwnerOnlyFiles
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the folder (and any missing parent) owner-only. A folder that exists is left as the operator
    /// made it: it may be a mounted volume whose mode is theirs to choose.</summary>
    public static void CreateFolder(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) return;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(full);
            return;
        }

        // Directory.CreateDirectory(path, mode) gives the mode to the last folder only; every one made here gets it.
        var missing = new Stack<string>();
        for (var folder = full; !string.IsNullOrEmpty(folder) && !Directory.Exists(folder); folder = Path.GetDirectoryName(folder))
            missing.Push(folder);
        while (missing.TryPop(out var folder)) Directory.CreateDirectory(folder, FolderMode);
    }

    /// <summary>Creates an empty file owner-only when there is none, and takes group and other access away from one
    /// this service made earlier with a wider mode.</summary>
    public static void CreateFile(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) CreateFolder(folder);
        if (OperatingSystem.IsWindows())
        {
            using (new FileStream(path, System.IO.FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete)) { }
            return;
        }

        try
        {
            var options = new FileStreamOptions
            {
                Mode = System.IO.FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.ReadWrite | FileShare.Delete,
                UnixCreateMode = FileMode,
            };
            using (new FileStream(path, options)) { }
        }
        catch (IOException) when (File.Exists(path))
        {
            // There already (an earlier start, or a concurrent one): only its mode may need tightening.
        }

        if ((File.GetUnixFileMode(path) & ~FileMode) != 0) File.SetUnixFileMode(path, FileMode);
    }
}
