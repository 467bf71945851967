package io.vigil.web;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.osgi.service.component.annotations.Component;

/** The processor {@code io.vigil.web} of {@code routes/console.xml}: the console's files, on the REST API's port. */
@Component(name = "io.vigil.web", service = Processor.class, property = "name=io.vigil.web")
public class ConsoleService implements Processor {

    private final Console console = new Console(ConsoleService.class.getClassLoader()::getResourceAsStream);

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        String path = in.getHeader(Exchange.HTTP_URI, Console.BASE, String.class);
        int query = path.indexOf('?');
        Console.Answer answer = console.answer(in.getHeader(Exchange.HTTP_METHOD, "GET", String.class), query < 0 ? path : path.substring(0, query),
                in.getHeader("If-None-Match", String.class));
        Message out = exchange.getMessage();
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, answer.status());
        out.setHeader(Exchange.CONTENT_TYPE, answer.contentType());
        Console.HEADERS.forEach(out::setHeader);
        answer.headers().forEach(out::setHeader);
        out.setBody(answer.body());
    }
}
