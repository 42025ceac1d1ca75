package io.labcheck.diagnose;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;

import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * A name's IPv4 addresses as {@code dig +short NAME} gives them: from a named DNS server (a real query on port 53,
 * through the JDK's own DNS client), or, with none named, from this computer's resolver as every program here asks it.
 */
final class DnsLookup {
    private DnsLookup() {}

    /** The A records of {@code name}; empty when the name has none (no such name, or no address). */
    static List<String> a(String name, String server) throws NamingException {
        if (server == null) {
            try {
                return Arrays.stream(InetAddress.getAllByName(name)).filter(a -> a instanceof Inet4Address)
                        .map(InetAddress::getHostAddress).distinct().toList();
            } catch (UnknownHostException e) {
                return List.of();
            }
        }
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
        env.put(Context.PROVIDER_URL, "dns://" + server);
        // dig's own bounds: a second a try, two tries
        env.put("com.sun.jndi.dns.timeout.initial", "1000");
        env.put("com.sun.jndi.dns.timeout.retries", "2");
        DirContext ctx = new InitialDirContext(env);
        try {
            Attribute records = ctx.getAttributes(name, new String[] {"A"}).get("A");
            List<String> out = new ArrayList<>();
            if (records != null) {
                NamingEnumeration<?> all = records.getAll();
                while (all.hasMore()) {
                    out.add(all.next().toString());
                }
            }
            return List.copyOf(out);
        } catch (NameNotFoundException e) {
            return List.of();
        } finally {
            ctx.close();
        }
    }
}
