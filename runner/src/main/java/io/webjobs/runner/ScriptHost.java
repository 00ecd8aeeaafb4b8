package io.webjobs.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a job's entry file is started, one host per file extension. The declaration order is Kudu's
 * host order: it decides which file wins when a zip holds several runnable files.
 */
public enum ScriptHost {
    /** Kept so a Windows-only upload gets a clear refusal instead of "nothing runnable". */
    WINDOWS("WindowsScriptHost", List.of("cmd", "bat", "exe"), List.of()),
    POWERSHELL("PowerShellScriptHost", List.of("ps1"), List.of("pwsh", "-File")),
    BASH("BashScriptHost", List.of("sh"), List.of("bash")),
    PYTHON("PythonScriptHost", List.of("py"), List.of("python3")),
    PHP("PhpScriptHost", List.of("php"), List.of("php")),
    NODE("NodeScriptHost", List.of("js"), List.of("node")),
    JAVA("JarScriptHost", List.of("jar"), List.of("java", "-jar"));

    private final String displayName;
    private final List<String> extensions;
    private final List<String> launcher;

    ScriptHost(String displayName, List<String> extensions, List<String> launcher) {
        this.displayName = displayName;
        this.extensions = extensions;
        this.launcher = launcher;
    }

    /** The host for a file name by its extension (case-insensitive), if any host runs it. */
    public static Optional<ScriptHost> forFile(String fileName) {
        String extension = extensionOf(fileName);
        for (ScriptHost host : values()) {
            if (host.extensions.contains(extension)) {
                return Optional.of(host);
            }
        }
        return Optional.empty();
    }

    static String extensionOf(String fileName) {
        String name = fileName.substring(fileName.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** Kudu's name for the host, as shown in the "Run script ... with script host" log line. */
    public String displayName() {
        return displayName;
    }

    public List<String> extensions() {
        return extensions;
    }

    public boolean runsOnLinux() {
        return this != WINDOWS;
    }

    /** The command line that starts {@code entryFile} (a path as the child process will see it). */
    public List<String> commandFor(String entryFile) {
        if (!runsOnLinux()) {
            throw new InvalidArchiveException(JobArchive.windowsOnlyMessage(entryFile));
        }
        List<String> command = new ArrayList<>(launcher);
        command.add(entryFile);
        return command;
    }
}
