package dev.outpost.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A directory dpkg installs into as if it were a machine's root ({@code dpkg --root}), with this machine's users and
 * groups plus a {@code gpio} group (as on Raspberry Pi OS). The maintainer scripts run here without a chroot
 * ({@code --force-script-chrootless}, which sets {@code DPKG_ROOT} for them), so the root needs no shell or libraries;
 * dependencies are not installed ({@code --force-depends}).
 */
final class ScratchRoot {
    final Path dir;

    ScratchRoot(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir.resolve("var/lib/dpkg/info"));
        Files.createDirectories(dir.resolve("var/lib/dpkg/updates"));
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("var/lib/dpkg/status"), "");
        Files.writeString(dir.resolve("var/lib/dpkg/available"), "");
        for (String db : List.of("passwd", "group", "shadow", "gshadow", "login.defs")) {
            Path host = Path.of("/etc", db);
            if (Files.exists(host)) {
                Files.copy(host, dir.resolve("etc").resolve(db));
            }
        }
        Files.writeString(dir.resolve("etc/group"), "gpio:x:997:\n", java.nio.file.StandardOpenOption.APPEND);
        if (Files.exists(dir.resolve("etc/gshadow"))) {
            Files.writeString(dir.resolve("etc/gshadow"), "gpio:!::\n", java.nio.file.StandardOpenOption.APPEND);
        }
    }

    Run dpkg(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of("dpkg", "--root=" + dir, "--force-script-chrootless",
                "--force-depends", "--log=/dev/null"));
        command.addAll(List.of(args));
        return Run.of(env, null, command.toArray(String[]::new));
    }

    Run dpkg(String... args) {
        return dpkg(Map.of(), args);
    }

    Run install(Path... debs) {
        List<String> args = new ArrayList<>(List.of("--install"));
        for (Path deb : debs) {
            args.add(deb.toString());
        }
        return dpkg(args.toArray(String[]::new));
    }

    /** The installed version of {@code pkg}, or empty if not installed. */
    String version(String pkg) {
        Run query = Run.of("dpkg-query", "--admindir=" + dir.resolve("var/lib/dpkg"), "-W", "-f=${Status} ${Version}",
                pkg);
        return query.exit() == 0 && query.output().startsWith("install ok installed ")
                ? query.output().substring("install ok installed ".length()).strip() : "";
    }

    Path path(String absolute) {
        return dir.resolve(absolute.substring(1));
    }

    /** The line of {@code etc/<database>} for {@code name}, split at ':'; empty if there is none. */
    List<String> entry(String database, String name) throws IOException {
        for (String line : Files.readAllLines(path("/etc/" + database))) {
            String[] fields = line.split(":", -1);
            if (fields[0].equals(name)) {
                return List.of(fields);
            }
        }
        return List.of();
    }
}
