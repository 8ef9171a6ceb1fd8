package dev.outpost.sim.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * ARCHITECTURE.md §3, checked rather than trusted: which project module may depend on which, read from the POMs
 * and closed transitively.
 */
class ModuleDependencyRuleTest {
    private static final Path ROOT = Path.of(System.getProperty("outpost.root"));

    /** Every module and the project modules it may reach, directly or not. */
    static final Map<String, Set<String>> ALLOWED = Map.of(
            "hal", Set.of(),
            "relay-api", Set.of(),
            "site-api", Set.of("relay-api"),
            "relay-server", Set.of("relay-api"),
            "appliance", Set.of("hal", "relay-api", "site-api"),
            "display-agent", Set.of("hal", "relay-api", "site-api"),
            "gate-io", Set.of("hal", "relay-api", "site-api"),
            // packages what the process modules build (their jars), never the simulators
            "image", Set.of("relay-server", "appliance", "display-agent", "gate-io", "hal", "relay-api", "site-api"));

    /**
     * May use anything; hardware-tests the simulators too (its sim bench runs the simulated I/O module). Nothing
     * depends on either: no shipped module lists them in {@link #ALLOWED}, and nothing depends on the HIL suite.
     */
    static final Set<String> ANYTHING_GOES = Set.of("simulators", "hardware-tests");

    @Test
    void everyModuleKeepsTheDependencyRule() throws Exception {
        Map<String, Set<String>> direct = readModules();
        List<String> violations = new ArrayList<>();
        for (var e : direct.entrySet()) {
            String module = e.getKey();
            Set<String> reached = closure(module, direct);
            if (ANYTHING_GOES.contains(module)) {
                if (reached.contains("hardware-tests")) {
                    violations.add(module + " depends on hardware-tests; nothing may");
                }
                continue;
            }
            Set<String> allowed = ALLOWED.get(module);
            if (allowed == null) {
                violations.add(module + " is not in the dependency rule; add it to ARCHITECTURE.md §3 and to this test");
                continue;
            }
            for (String dep : reached) {
                if (!allowed.contains(dep)) {
                    violations.add(module + " depends on " + dep + " (may use only " + new TreeSet<>(allowed) + ")");
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void theRuleSeesTheWholeReactor() throws Exception {
        Set<String> modules = readModules().keySet();
        assertTrue(modules.containsAll(ALLOWED.keySet()), "found " + modules);
        assertTrue(modules.containsAll(ANYTHING_GOES), "found " + modules);
    }

    @Test
    void aForbiddenEdgeIsCaught() {
        Map<String, Set<String>> direct = Map.of("relay-server", Set.of("relay-api", "site-api"), "site-api", Set.of("relay-api"),
                "relay-api", Set.of());
        assertEquals(Set.of("relay-api", "site-api"), closure("relay-server", direct));
        assertTrue(!ALLOWED.get("relay-server").containsAll(closure("relay-server", direct)));
    }

    static Set<String> closure(String module, Map<String, Set<String>> direct) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(direct.getOrDefault(module, Set.of()));
        while (!todo.isEmpty()) {
            String next = todo.remove(todo.size() - 1);
            if (seen.add(next)) {
                todo.addAll(direct.getOrDefault(next, Set.of()));
            }
        }
        return seen;
    }

    /** artifactId → the dev.outpost artifacts it declares as dependencies, for every jar module of the reactor. */
    static Map<String, Set<String>> readModules() throws Exception {
        Map<String, Set<String>> modules = new LinkedHashMap<>();
        collect(ROOT, modules);
        return modules;
    }

    private static void collect(Path dir, Map<String, Set<String>> modules) throws Exception {
        Path pom = dir.resolve("pom.xml");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Files.newInputStream(pom));
        Element project = doc.getDocumentElement();
        String artifactId = childText(project, "artifactId");
        Set<String> deps = new TreeSet<>();
        Element dependencies = child(project, "dependencies");
        if (dependencies != null) {
            NodeList list = dependencies.getElementsByTagName("dependency");
            for (int i = 0; i < list.getLength(); i++) {
                Element dep = (Element) list.item(i);
                if ("dev.outpost".equals(childText(dep, "groupId"))) {
                    deps.add(childText(dep, "artifactId"));
                }
            }
        }
        if (!"pom".equals(childText(project, "packaging")) || ANYTHING_GOES.contains(artifactId)) {
            modules.put(artifactId, deps);
        }
        Element subs = child(project, "modules");
        if (subs != null) {
            NodeList list = subs.getElementsByTagName("module");
            for (int i = 0; i < list.getLength(); i++) {
                collect(dir.resolve(list.item(i).getTextContent().strip()), modules);
            }
        }
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String childText(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().strip();
    }
}
