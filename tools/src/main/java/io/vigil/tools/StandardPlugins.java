package io.vigil.tools;

import io.vigil.api.EventPlugin;
import io.vigil.core.PluginChain;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The standard event plugins on the classpath (bundles of category {@value #CATEGORY}), built from the Declarative Services descriptors their bundles carry
 * ({@code Service-Component}), so the vectors test each plugin with the name, registration, priority and default
 * configuration the container gives it. Configuration a plugin needs for the vectors (MozDef's own site list for
 * {@code mozilla_location}) comes from {@code config/<pid>.cfg} beside this class: test values, not defaults.
 */
public final class StandardPlugins {

    /** A plugin as its descriptor declares it. */
    record Plugin(String name, List<String> registration, int priority, EventPlugin instance) {
    }

    /** The Bundle-Category of the standard plugins' bundles (a plugin of another bundle on the classpath is not MozDef's). */
    static final String CATEGORY = "vigil-plugins-standard";

    private final Map<String, Plugin> byName = new LinkedHashMap<>();

    public StandardPlugins() {
        try {
            Enumeration<URL> manifests = StandardPlugins.class.getClassLoader().getResources("META-INF/MANIFEST.MF");
            while (manifests.hasMoreElements()) {
                URL manifest = manifests.nextElement();
                Attributes headers;
                try (InputStream in = manifest.openStream()) {
                    headers = new Manifest(in).getMainAttributes();
                }
                String components = headers.getValue("Service-Component");
                if (components != null && CATEGORY.equals(headers.getValue("Bundle-Category"))) {
                    for (String descriptor : components.split(",")) {
                        load(new URL(manifest, "../" + descriptor.trim()));
                    }
                }
            }
        } catch (IOException | ParserConfigurationException | SAXException | ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the plugins on the classpath: " + e, e);
        }
    }

    /** The plugin MozDef calls {@code name} (its module name), or {@code null}. */
    Plugin get(String name) {
        return byName.get(name);
    }

    /** Every plugin except those named, in one chain, as the container runs them. */
    public PluginChain chain(List<String> except) {
        PluginChain chain = new PluginChain();
        byName.values().stream().filter(plugin -> !except.contains(plugin.name()))
                .sorted(Comparator.comparing(Plugin::name))
                .forEach(plugin -> chain.add(new PluginChain.Entry(plugin.name(), plugin.registration(), plugin.priority(), plugin.instance())));
        return chain;
    }

    private void load(URL descriptor) throws IOException, ParserConfigurationException, SAXException, ReflectiveOperationException {
        Element component;
        try (InputStream in = descriptor.openStream()) {
            component = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in).getDocumentElement();
        }
        NodeList provides = component.getElementsByTagName("provide");
        boolean plugin = false;
        for (int i = 0; i < provides.getLength(); i++) {
            plugin |= EventPlugin.class.getName().equals(((Element) provides.item(i)).getAttribute("interface"));
        }
        if (!plugin) {
            return;
        }
        Map<String, List<String>> properties = new HashMap<>();
        NodeList elements = component.getElementsByTagName("property");
        for (int i = 0; i < elements.getLength(); i++) {
            Element property = (Element) elements.item(i);
            String value = property.hasAttribute("value") ? property.getAttribute("value") : property.getTextContent();
            properties.put(property.getAttribute("name"), property.hasAttribute("value") ? List.of(value) : Arrays.asList(value.trim().split("\n")));
        }
        String pid = component.hasAttribute("configuration-pid") ? component.getAttribute("configuration-pid") : component.getAttribute("name");
        testConfiguration(pid).forEach((key, value) -> properties.put(key.toString(), List.of(value.toString())));
        String type = ((Element) component.getElementsByTagName("implementation").item(0)).getAttribute("class");
        EventPlugin instance = instantiate(Class.forName(type), properties);
        String name = properties.getOrDefault(EventPlugin.NAME, List.of(instance.getClass().getSimpleName())).get(0);
        int priority = Integer.parseInt(properties.getOrDefault(EventPlugin.PRIORITY, List.of(String.valueOf(EventPlugin.DEFAULT_PRIORITY))).get(0));
        byName.put(name, new Plugin(name, properties.getOrDefault(EventPlugin.REGISTRATION, List.of()), priority, instance));
    }

    /** Calls the constructor DS would: the one taking configuration types, else the default one. */
    private static EventPlugin instantiate(Class<?> type, Map<String, List<String>> properties) throws ReflectiveOperationException {
        Constructor<?> chosen = Arrays.stream(type.getConstructors()).max(Comparator.comparingInt(Constructor::getParameterCount))
                .orElseThrow(() -> new NoSuchMethodException("no public constructor in " + type));
        Object[] arguments = new Object[chosen.getParameterCount()];
        Class<?>[] parameters = chosen.getParameterTypes();
        for (int i = 0; i < parameters.length; i++) {
            if (!parameters[i].isAnnotation()) {
                throw new NoSuchMethodException(type + " takes " + parameters[i] + ", which the fixture runner cannot give");
            }
            arguments[i] = configuration(parameters[i], properties);
        }
        return (EventPlugin) chosen.newInstance(arguments);
    }

    /** A DS component property type over {@code properties}: {@code site_domain()} reads {@code site.domain}. */
    private static Object configuration(Class<?> type, Map<String, List<String>> properties) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, arguments) -> {
            List<String> values = properties.get(method.getName().replace('_', '.'));
            return values == null ? method.getDefaultValue() : convert(method, values);
        });
    }

    private static Object convert(Method method, List<String> values) {
        Class<?> type = method.getReturnType();
        if (type == String[].class) {
            return values.size() == 1 ? values.get(0).split("\\s*,\\s*") : values.toArray(String[]::new);
        }
        String value = values.get(0);
        if (type == int.class) {
            return Integer.parseInt(value.trim());
        }
        if (type == long.class) {
            return Long.parseLong(value.trim());
        }
        if (type == boolean.class) {
            return Boolean.parseBoolean(value.trim());
        }
        return value;
    }

    private static Properties testConfiguration(String pid) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = StandardPlugins.class.getResourceAsStream("config/" + pid + ".cfg")) {
            if (in != null) {
                properties.load(in);
            }
        }
        return properties;
    }
}
