package io.vigil.plugin.misc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.api.Event;
import io.vigil.api.EventPlugin;
import io.vigil.api.Metadata;
import io.vigil.support.Fields;
import io.vigil.support.Hashes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.osgi.service.component.annotations.Component;

/** MozDef's {@code complianceitems}: a compliance check result (in {@code details}) becomes the current state of
 * that check on that target: the cleaned item replaces the event, in index {@code complianceitems} under an MD5 id
 * of check, test and target. MozDef hashed a Python 3 str there, which raises; the id is the MD5 of the UTF-8
 * bytes, as meant. Items lacking fields are dropped (and counted). */
@Component(property = {
    EventPlugin.NAME + "=complianceitems",
    EventPlugin.REGISTRATION + "=complianceitems",
    EventPlugin.PRIORITY + ":Integer=20",
    EventPlugin.DESCRIPTION + "=compliance check results: validated, one state document per check and target in index complianceitems"
})
public class ComplianceItems implements EventPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(ComplianceItems.class);
    private static final String[] ITEM = {"target", "policy", "check", "compliance", "link", "utctimestamp"};
    private static final String[] POLICY = {"level", "name", "url"};
    private static final String[] CHECK = {"description", "location", "name", "test"};
    private static final String[] TEST = {"type", "value"};

    @Override
    public boolean process(Event event, Metadata metadata) {
        ObjectNode document = event.document();
        ObjectNode item = Fields.details(document);
        if (item == null || !has(item, ITEM) || !has(item.get("policy"), POLICY) || !has(item.get("check"), CHECK)
                || !has(item.get("check").get("test"), TEST) || !item.get("check").has("ref")) {
            LOG.warn("Compliance item dropped: details need {}, policy {}, check {} and ref, test {}", ITEM, POLICY, CHECK, TEST);
            return false;
        }
        ObjectNode clean = JsonNodeFactory.instance.objectNode();
        clean.set("target", item.get("target"));
        ObjectNode policy = clean.putObject("policy");
        for (String field : POLICY) {
            policy.set(field, item.get("policy").get(field));
        }
        ObjectNode check = clean.putObject("check");
        for (String field : new String[] {"description", "location", "name"}) {
            check.set(field, item.get("check").get(field));
        }
        ObjectNode test = check.putObject("test");
        for (String field : TEST) {
            test.set(field, item.get("check").get("test").get(field));
        }
        check.set("ref", item.get("check").get("ref"));
        for (String field : new String[] {"compliance", "link", "utctimestamp"}) {
            clean.set(field, item.get(field));
        }
        if (item.has("tags")) {
            clean.set("tags", item.get("tags"));
        }
        clean.put("type", "last_known_state");
        metadata.id(Hashes.md5Hex("complianceitems" + Fields.pythonStr(check.get("ref")) + Fields.pythonStr(test.get("value"))
                + Fields.pythonStr(clean.get("target"))));
        metadata.index("complianceitems");
        document.removeAll();
        document.setAll(clean);
        return true;
    }

    private static boolean has(JsonNode object, String[] fields) {
        if (object == null || !object.isObject()) {
            return false;
        }
        for (String field : fields) {
            if (!object.has(field)) {
                return false;
            }
        }
        return true;
    }
}
