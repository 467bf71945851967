package io.vigil.rest;

/** Who made a request, and the highest of their roles ({@code null}: signed in, but given none of Vigil's). */
record User(String name, Role role) {
}
