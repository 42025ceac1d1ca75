import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * PIT's mutations.xml, counted per package: generated, killed (a test failed or timed out on the mutant), survived,
 * no coverage (no test reaches the mutated line), and the score (killed / generated). With --survivors, each survivor
 * and uncovered mutant as class:line method: description. Run as: java .ci/PitSummary.java FILE [--survivors]
 */
public class PitSummary {
    public static void main(String[] args) throws Exception {
        Path xml = Path.of(args.length > 0 ? args[0] : "harness/target/pit-reports/mutations.xml");
        boolean survivors = args.length > 1 && args[1].equals("--survivors");
        NodeList mutations = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile())
                .getElementsByTagName("mutation");
        Map<String, int[]> byPackage = new TreeMap<>(); // generated, killed, survived, no coverage
        for (int i = 0; i < mutations.getLength(); i++) {
            Element m = (Element) mutations.item(i);
            String status = m.getAttribute("status");
            String type = text(m, "mutatedClass");
            String pkg = type.substring(0, type.lastIndexOf('.'));
            int[] n = byPackage.computeIfAbsent(pkg, p -> new int[4]);
            n[0]++;
            switch (status) {
                case "KILLED", "TIMED_OUT", "MEMORY_ERROR", "RUN_ERROR" -> n[1]++;
                case "SURVIVED" -> n[2]++;
                case "NO_COVERAGE" -> n[3]++;
                default -> { }
            }
            if (survivors && (status.equals("SURVIVED") || status.equals("NO_COVERAGE"))) {
                System.out.printf("%-11s %s:%s %s: %s%n", status, type.substring(pkg.length() + 1), text(m, "lineNumber"),
                        text(m, "mutatedMethod"), text(m, "description"));
            }
        }
        int[] all = new int[4];
        for (Map.Entry<String, int[]> e : byPackage.entrySet()) {
            print(e.getKey(), e.getValue());
            for (int k = 0; k < 4; k++) {
                all[k] += e.getValue()[k];
            }
        }
        print("total", all);
    }

    private static void print(String what, int[] n) {
        System.out.printf("PIT %-22s %4d mutations, %4d killed, %4d survived, %4d no coverage: score %d%% (%d%% of covered)%n",
                what, n[0], n[1], n[2], n[3], n[0] == 0 ? 0 : Math.round(100.0 * n[1] / n[0]),
                n[0] == n[3] ? 0 : Math.round(100.0 * n[1] / (n[0] - n[3])));
    }

    private static String text(Element m, String tag) {
        return m.getElementsByTagName(tag).item(0).getTextContent();
    }
}
