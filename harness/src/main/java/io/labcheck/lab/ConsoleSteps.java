package io.labcheck.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds cloud console steps in prose and in non-shell blocks, when the document names the values: a key pair's
 * name, the ports opened in the security group, the instance type, the image, the volume size, the region,
 * an Elastic IP allocated and associated, the instance launched. Each pattern looks within one paragraph or one
 * group of lines; the words around it (the heading, the caption) only tell what the values are about.
 */
final class ConsoleSteps {
    private static final Pattern REGION = Pattern.compile("(?<![A-Za-z0-9])((?:ap|us|eu|sa|ca|me|af)-(?:northeast|southeast|south|north|east|west|central)-\\d)(?![0-9])");
    private static final Pattern UBUNTU = Pattern.compile("(?:Ubuntu|우분투)[^\\n]*?(\\d{2}\\.04)|(\\d{2}\\.04)\\s*LTS");
    /** "such as `Ubuntu`": the distribution named without a version. */
    private static final Pattern UBUNTU_ALONE = Pattern.compile("(?<![A-Za-z])(?:Ubuntu|우분투)(?![A-Za-z])");
    /** Several ports in one sentence: "ports 22, 80 and 5000", "puertos 22, 80 y 5000", "端口 22、80". */
    private static final Pattern PORT_LIST = Pattern.compile("(?iu)(?:ports?|puertos?|порты?|端口|포트)\\s*:?\\s*"
            + "(\\d{2,5}(?:\\s*(?:,|、|/|\\band\\b|\\by\\b|\\bи\\b|\\bor\\b|및|和)\\s*\\d{2,5})+)");
    /** "SSH (TCP 22)", "Custom TCP 8000 port", a table row "| SSH | TCP | 22 |". */
    private static final Pattern TCP_PORT = Pattern.compile("(?:TCP|tcp)\\s*:?\\s*(\\d{2,5})(?![0-9.])");
    private static final Pattern TABLE_PORT = Pattern.compile("^\\s*\\|.*\\|\\s*(\\d{2,5})\\s*(?:\\||$)");
    private static final Pattern AMAZON_LINUX = Pattern.compile("Amazon Linux\\s*(2023|2)?");
    private static final Pattern INSTANCE_TYPE = Pattern.compile("(?<![A-Za-z0-9])([a-z]\\d[a-z]{0,3}\\.(?:nano|micro|small|medium|large|\\d*xlarge))(?![A-Za-z0-9])");
    private static final Pattern VCORE = Pattern.compile("(\\d+)\\s*vCore\\s*/\\s*(\\d+)\\s*GB");
    private static final Pattern KEY_NAME = Pattern.compile("(?:이름|[Nn]ame)\\s*:\\s*([A-Za-z0-9_.-]+)|['\"‘“]([A-Za-z0-9_.-]+)['\"’”]");
    private static final Pattern PORT = Pattern.compile("(?:포트|[Pp]ort)\\s*:?\\s*(\\d{2,5})|(\\d{2,5})\\s*번\\s*포트");
    private static final Pattern SOURCE = Pattern.compile("(?:소스|[Ss]ource)\\s*:\\s*(My IP|Anywhere|[0-9./]+|내 IP)");
    private static final Pattern ZONE = Pattern.compile("(가산[AB]|(?<![A-Za-z0-9])[a-z]{2}-[a-z]+-\\d[a-z](?![A-Za-z0-9]))");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,4})\\s*(?:GB|GiB|기가)");

    /** A provider's CLI flags in a block of their own (gcloud compute instances create ...). */
    private static final Pattern FLAG = Pattern.compile("--(zone|region|machine-type|image-family|image|boot-disk-size|tags)[= ]([^\\s\\\\]+)");
    /** A monthly price plan (Lightsail, Hetzner, droplets): "$10/month", "$5/월", "€4.51/month". */
    private static final Pattern PRICE_PLAN = Pattern.compile("([$€]\\s?\\d+(?:\\.\\d+)?\\s?/\\s?(?:month|mo|월|mes|месяц|月))");
    /** A plan's own disk: "60GB SSD". */
    private static final Pattern PLAN_DISK = Pattern.compile("(\\d{1,4})\\s*GB\\s*(?:SSD|NVMe|disk)");
    /** A provider's type code after a "Type:" lead-in: CX22, CPX11, s-1vcpu-1gb. */
    private static final Pattern TYPE_CODE = Pattern.compile("(?:Type|Plan|Size|유형|플랜)\\**\\s*:\\s*\\**\\s*`?([A-Z]{1,4}\\d{1,3}[a-z]?|s-\\d+vcpu-\\d+gb)`?(?![A-Za-z0-9])");
    /** A location named after a lead-in where no region code is given: "Location: Nuremberg or Falkenstein". */
    private static final Pattern LOCATION = Pattern.compile("(?:Location|Datacenter|Data center)\\**\\s*:\\s*\\**\\s*([A-Z][^\\n(:]*[A-Za-z])");
    /** A key file named as the console saves it: "파일명: `LightsailDefaultKey-ap-northeast-2.pem`". */
    private static final Pattern KEY_FILE = Pattern.compile("(?:파일명|[Ff]ile ?name)\\s*:\\s*`?([A-Za-z0-9_.-]+)\\.pem");
    /** A key named after a lead-in: "Name it: `my-laptop`". */
    private static final Pattern NAME_IT = Pattern.compile("(?:Name it|name it|Name)\\s*:\\s*`([A-Za-z0-9_.-]+)`");

    /** "Services → EC2 → Launch Instance": the path that opens the launch wizard, not the click that launches. */
    private static final Pattern OPENS_WIZARD = Pattern.compile("(?:→|->|>)\\s*\\**\\s*(?:Launch [Ii]nstances?|인스턴스 시작)");

    /** A DNS record as a registrar's console shows its fields: its type, its host (@ for the domain itself), its value. */
    private static final Pattern RECORD_TYPE = Pattern.compile("(?iu)(?:레코드\\s*(?:타입|유형)|record\\s*type|^\\s*type)\\s*:\\s*(A|AAAA|CNAME)\\b");
    private static final Pattern RECORD_HOST = Pattern.compile("(?iu)(?:호스트(?:명)?|host(?:\\s*name)?|^\\s*name)\\s*:\\s*(@|[A-Za-z0-9*_-]+(?:\\.[A-Za-z0-9_-]+)*)");
    private static final Pattern RECORD_VALUE = Pattern.compile("(?iu)(?:값(?:\\s*/\\s*위치)?|value|points?\\s*to|data|ipv4\\s*address)\\s*:\\s*(\\S+)");
    /** "set the Elastic IP in the DNS": the records re-pointed at the address that stays. */
    private static final Pattern DNS_TO_ELASTIC = Pattern.compile("(?iu)DNS[^.\\n]{0,40}(?:Elastic IP|탄력적 ?IP)[^.\\n]{0,20}"
            + "(?:설정|등록|변경|업데이트|입력)|(?:set|update|point|change)[^.\\n]{0,60}(?:DNS[^.\\n]{0,60}Elastic IP|Elastic IP[^.\\n]{0,60}DNS)");
    /** A CI repository secret as a settings page asks for it: its name (a shell variable's), then its value. */
    private static final Pattern SECRET_NAME = Pattern.compile("(?iu)(?:^|[\\s-])(?:name|이름)\\s*:\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*$");
    private static final Pattern SECRET_VALUE = Pattern.compile("(?iu)(?:^|[\\s-])(?:value|값)\\s*:\\s*(\\S.*?)\\s*$");
    private static final Map<String, String> LAUNCH_KEYS = Map.of("ChooseInstanceType", "instanceType",
            "ChooseImage", "image", "SetVolumeSize", "volume", "CreateKeyPair", "keyName", "ChooseRegion", "region",
            "ChooseZone", "zone");

    /** What the plan has chosen so far, to fill RunInstances and to launch only once. */
    private final Map<String, String> chosen = new LinkedHashMap<>();
    private boolean launched;

    /**
     * @param group   one paragraph, list item or group of lines
     * @param context the heading and caption above it
     */
    List<CloudAction> extract(String group, String context) {
        String around = context + "\n" + group;
        List<CloudAction> actions = new ArrayList<>();
        Matcher m = REGION.matcher(group);
        if (m.find()) {
            add(actions, "ChooseRegion", "region", m.group(1));
        } else if ((m = LOCATION.matcher(group)).find()) {
            add(actions, "ChooseRegion", "region", m.group(1).strip());
        }
        flags(group, actions);
        plan(group, around, actions);
        if (mentions(around, "SSH key", "SSH Key", "ssh key", "키 페어", "키페어", "Key pair", "key pair", "SSH 키")) {
            m = KEY_FILE.matcher(group);
            Matcher named = NAME_IT.matcher(group);
            if (m.find() || (m = named).find()) {
                add(actions, "CreateKeyPair", "keyName", m.group(1));
            }
        }
        if (mentions(around, "존", "Zone", "zone", "가용 영역")) {
            m = ZONE.matcher(group);
            if (m.find()) {
                add(actions, "ChooseZone", "zone", m.group(1));
            }
        }
        if (mentions(around, "선택", "select", "choose", "Choose", "AMI", "Image", "image", "이미지", "사용", "블루프린트",
                "blueprint", "Blueprint", "OS", "운영체제", "sistema operativo", "образ", "镜像", "操作系统")) {
            m = UBUNTU.matcher(group);
            if (m.find()) {
                add(actions, "ChooseImage", "image", "Ubuntu " + (m.group(1) != null ? m.group(1) : m.group(2)));
            } else if (mentions(around, "AMI", "Image", "image", "이미지", "블루프린트", "blueprint", "Blueprint")
                    && UBUNTU_ALONE.matcher(group).find()) {
                add(actions, "ChooseImage", "image", "Ubuntu");
            }
        }
        // Amazon Linux is an image's name wherever it stands ("An EC2 instance (Amazon Linux)")
        m = AMAZON_LINUX.matcher(group);
        if (m.find()) {
            add(actions, "ChooseImage", "image", ("Amazon Linux " + (m.group(1) == null ? "" : m.group(1))).strip());
        }
        {
            // an EC2 type's name says what it is: no lead-in needed ("such as t2.micro", "Tipo de instancia: t3.micro")
            m = INSTANCE_TYPE.matcher(group);
            while (m.find()) {
                add(actions, "ChooseInstanceType", "instanceType", m.group(1));
            }
            m = VCORE.matcher(group);
            if (m.find()) {
                actions.add(choose("ChooseInstanceType", Map.of("vcpu", m.group(1), "memoryGb", m.group(2))));
            }
        }
        if (mentions(group, "키 페어", "키페어", "key pair", "Key pair") || mentions(context, "키 페어", "Key pair", "key pair")
                && group.contains("이름")) {
            m = KEY_NAME.matcher(group);
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(2);
                if (!name.isEmpty() && !name.equals("pem") && !name.startsWith(".")) {
                    add(actions, "CreateKeyPair", "keyName", name.replaceFirst("\\.pem$", ""));
                    break;
                }
            }
        }
        if (mentions(group, "모든 트래픽", "All traffic", "all traffic")) {
            add(actions, "AuthorizeSecurityGroupIngress", "port", "all");
        } else if (mentions(around, "보안 그룹", "Security Group", "Security group", "security group", "인바운드", "Inbound",
                "inbound", "방화벽", "firewall", "Firewall", "grupo de seguridad", "группа безопасности", "安全组", "防火墙")) {
            for (String line : group.split("\n")) {
                Matcher list = PORT_LIST.matcher(line);
                if (list.find()) {
                    for (String port : list.group(1).split("\\D+")) {
                        if (!port.isEmpty()) {
                            actions.add(new CloudAction("AuthorizeSecurityGroupIngress", Map.of("port", port)));
                        }
                    }
                    continue;
                }
                Matcher p = PORT.matcher(line);
                Matcher tcp = TCP_PORT.matcher(line);
                Matcher row = TABLE_PORT.matcher(line);
                if (!p.find()) {
                    p = tcp.find() ? tcp : row.find() ? row : null;
                }
                if (p != null) {
                    Map<String, String> values = new LinkedHashMap<>();
                    values.put("port", p.group(1) != null ? p.group(1) : p.group(2));
                    // "HTTP port 80 & python port 3000 allowed": every port the line names
                    Matcher more = PORT.matcher(line.substring(p.end()));
                    while (p.pattern() == PORT && more.find()) {
                        actions.add(new CloudAction("AuthorizeSecurityGroupIngress",
                                Map.of("port", more.group(1) != null ? more.group(1) : more.group(2))));
                    }
                    Matcher s = SOURCE.matcher(line);
                    if (s.find()) {
                        values.put("source", s.group(1).equals("Anywhere") ? "0.0.0.0/0" : s.group(1));
                    }
                    actions.add(new CloudAction("AuthorizeSecurityGroupIngress", values));
                }
            }
        }
        if (mentions(group, "Almacenamiento", "almacenamiento", "Хранилище", "хранилище", "存储", "系统盘")
                || mentions(around, "스토리지", "Storage", "storage", "볼륨", "volume", "EBS", "디스크")
                && mentions(around, "선택", "설정", "사용", "크기", "size", "select")) {
            m = SIZE.matcher(group);
            if (m.find()) {
                Map<String, String> values = new LinkedHashMap<>();
                values.put("sizeGb", m.group(1));
                if (group.contains("gp3") || group.contains("gp2")) {
                    values.put("volumeType", group.contains("gp3") ? "gp3" : "gp2");
                }
                actions.add(choose("SetVolumeSize", values));
            }
        }
        if (mentions(group, "Elastic IP", "탄력적 IP", "탄력적IP")) {
            if (mentions(group, "Allocate", "할당")) {
                actions.add(new CloudAction("AllocateAddress", Map.of()));
            }
            if (mentions(group, "Associate", "연결")) {
                actions.add(new CloudAction("AssociateAddress", Map.of()));
            }
        }
        if (mentions(around, "DNS")) {
            dnsRecords(group, actions);
            if (DNS_TO_ELASTIC.matcher(group).find()) {
                actions.add(new CloudAction("PointDnsAtElasticIp", Map.of()));
            }
        }
        if (mentions(around, "secret", "Secret", "시크릿")) {
            repositorySecrets(group, actions);
        }
        if (!launched && chosen.containsKey("ChooseInstanceType")
                && mentions(OPENS_WIZARD.matcher(group).replaceAll(""), "인스턴스 시작", "Launch instance", "Launch Instance",
                        "서버 생성 요청")) {
            launched = true;
            Map<String, String> values = new LinkedHashMap<>();
            chosen.forEach((action, value) -> {
                if (!value.isEmpty()) {
                    values.put(LAUNCH_KEYS.getOrDefault(action, action), value);
                }
            });
            actions.add(new CloudAction("RunInstances", values));
        }
        return actions;
    }

    /** Each repository secret a CI settings block sets: a name line starts one, and its value line completes it. */
    private static void repositorySecrets(String group, List<CloudAction> actions) {
        String name = null;
        for (String line : group.split("\n")) {
            Matcher m = SECRET_NAME.matcher(line);
            if (m.find()) {
                name = m.group(1);
            } else if (name != null && (m = SECRET_VALUE.matcher(line)).find()) {
                actions.add(new CloudAction("SetRepositorySecret", Map.of("name", name, "value", m.group(1))));
                name = null;
            }
        }
    }

    /** Each record a DNS console block sets: a type line starts one, and its value line completes it. */
    private static void dnsRecords(String group, List<CloudAction> actions) {
        String type = null;
        String host = "@";
        for (String line : group.split("\n")) {
            Matcher m = RECORD_TYPE.matcher(line);
            if (m.find()) {
                type = m.group(1).toUpperCase(java.util.Locale.ROOT);
                host = "@";
                continue;
            }
            if (type == null) {
                continue;
            }
            if ((m = RECORD_HOST.matcher(line)).find()) {
                host = m.group(1);
            } else if ((m = RECORD_VALUE.matcher(line)).find()) {
                actions.add(new CloudAction("SetDnsRecord", Map.of("type", type, "name", host, "value", m.group(1))));
                type = null;
            }
        }
    }

    /** gcloud's flags: the zone (and its region), machine type, image family, boot disk, and http-server's port 80. */
    private void flags(String group, List<CloudAction> actions) {
        Matcher f = FLAG.matcher(group);
        while (f.find()) {
            String value = f.group(2);
            switch (f.group(1)) {
                case "zone" -> {
                    add(actions, "ChooseRegion", "region", value.replaceFirst("-[a-z]$", ""));
                    add(actions, "ChooseZone", "zone", value);
                }
                case "region" -> add(actions, "ChooseRegion", "region", value);
                case "machine-type" -> add(actions, "ChooseInstanceType", "instanceType", value);
                // ubuntu-2204-lts is Ubuntu 22.04
                case "image-family", "image" -> add(actions, "ChooseImage", "image",
                        value.replaceFirst("^ubuntu-(\\d\\d)(\\d\\d)(-lts)?.*", "Ubuntu $1.$2"));
                case "boot-disk-size" -> {
                    if (value.matches("\\d+(GB)?")) {
                        actions.add(choose("SetVolumeSize", Map.of("sizeGb", value.replace("GB", ""))));
                    }
                }
                case "tags" -> {
                    // GCP's default network lets the http-server and https-server tags in on 80 and 443
                    for (String tag : value.split(",")) {
                        if (tag.equals("http-server") || tag.equals("https-server")) {
                            actions.add(new CloudAction("AuthorizeSecurityGroupIngress",
                                    Map.of("port", tag.equals("http-server") ? "80" : "443")));
                        }
                    }
                }
                default -> { }
            }
        }
    }

    /** A price plan: the recommended line of a list of plans, or a type code after "Type:"; its disk with it. */
    private void plan(String group, String around, List<CloudAction> actions) {
        Matcher code = TYPE_CODE.matcher(group);
        if (code.find()) {
            add(actions, "ChooseInstanceType", "instanceType", code.group(1));
            return;
        }
        List<String> priced = group.lines().filter(l -> PRICE_PLAN.matcher(l).find()).toList();
        String chosenLine = priced.stream().filter(l -> mentions(l, "권장", "추천", "recommended", "Recommended"))
                .findFirst().orElse(priced.size() == 1 && mentions(around, "plan", "Plan", "플랜", "요금") ? priced.get(0) : null);
        if (chosenLine == null) {
            return;
        }
        Matcher price = PRICE_PLAN.matcher(chosenLine);
        price.find();
        add(actions, "ChooseInstanceType", "instanceType", price.group(1).replace(" ", ""));
        Matcher disk = PLAN_DISK.matcher(chosenLine);
        if (disk.find()) {
            actions.add(choose("SetVolumeSize", Map.of("sizeGb", disk.group(1))));
        }
    }

    private void add(List<CloudAction> actions, String action, String key, String value) {
        actions.add(choose(action, Map.of(key, value)));
    }

    private CloudAction choose(String action, Map<String, String> values) {
        chosen.putIfAbsent(action, values.size() == 1 ? values.values().iterator().next() : new java.util.TreeMap<>(values).toString());
        return new CloudAction(action, values);
    }

    private static boolean mentions(String text, String... words) {
        for (String w : words) {
            if (text.contains(w)) {
                return true;
            }
        }
        return false;
    }
}
