<?xml version="1.0" encoding="UTF-8"?>
<!--
  Turns Apache Camel Karaf's features descriptor into one that installs the upstream Camel jars.
  Our Maven mirror serves the descriptor and its third-party bundles but none of the org.apache.camel.karaf
  bundles (except camel-core-osgi), so each of those becomes a wrap: of the upstream jar of the same name,
  exporting its org.apache.camel packages at the upstream version. Everything else is copied unchanged.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:f="http://karaf.apache.org/xmlns/features/v1.6.0"
                xmlns="http://karaf.apache.org/xmlns/features/v1.6.0"
                exclude-result-prefixes="f">

  <xsl:param name="camelVersion"/>
  <xsl:param name="camelKarafVersion"/>
  <xsl:param name="camelRange"/>
  <xsl:param name="springAmqpVersion"/>
  <xsl:param name="featuresName"/>

  <xsl:variable name="karafPrefix" select="'mvn:org.apache.camel.karaf/'"/>
  <!-- Modules that exist only in Camel Karaf (no upstream jar): dropped. -->
  <xsl:variable name="karafOnly" select="' camel-karaf-shell camel-directvm camel-vm '"/>

  <xsl:output method="xml" indent="yes" encoding="UTF-8"/>
  <xsl:strip-space elements="*"/>

  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>

  <xsl:template match="/f:features/@name">
    <xsl:attribute name="name"><xsl:value-of select="$featuresName"/></xsl:attribute>
  </xsl:template>

  <!-- Camel's own features take the version of the jars they now install. -->
  <xsl:template match="f:feature/@version[. = $camelKarafVersion]">
    <xsl:attribute name="version"><xsl:value-of select="$camelVersion"/></xsl:attribute>
  </xsl:template>

  <xsl:template match="f:bundle[contains($karafOnly, concat(' ', substring-before(substring-after(normalize-space(.), $karafPrefix), '/'), ' '))]"
                priority="2"/>
  <xsl:template match="f:conditional[f:bundle and not(f:bundle[not(contains($karafOnly, concat(' ', substring-before(substring-after(normalize-space(.), $karafPrefix), '/'), ' ')))])]"
                priority="2"/>

  <xsl:template match="f:bundle[starts-with(normalize-space(.), $karafPrefix)
                                and not(starts-with(normalize-space(.), concat($karafPrefix, 'camel-core-osgi/')))]">
    <xsl:variable name="artifact" select="substring-before(substring-after(normalize-space(.), $karafPrefix), '/')"/>
    <xsl:call-template name="wrap"><xsl:with-param name="artifact" select="$artifact"/></xsl:call-template>
    <!-- Upstream jars that a Camel Karaf bundle embeds (a split its bundle hides). -->
    <xsl:if test="$artifact = 'camel-xml-jaxp'">
      <xsl:call-template name="wrap"><xsl:with-param name="artifact" select="'camel-xml-jaxp-util'"/></xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="wrap">
    <xsl:param name="artifact"/>
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:value-of select="concat('wrap:mvn:org.apache.camel/', $artifact, '/', $camelVersion,
          '$overwrite=merge&amp;Bundle-SymbolicName=', $artifact, '&amp;Bundle-Version=', $camelVersion,
          '&amp;Export-Package=org.apache.camel*;version=', $camelVersion,
          '&amp;Import-Package=org.apache.camel*;version=&quot;', $camelRange, '&quot;,*;resolution:=optional')"/>
    </xsl:copy>
  </xsl:template>

  <!-- Camel Karaf's camel-spring-rabbitmq embeds Spring AMQP; the upstream jar needs it beside it. -->
  <xsl:template match="f:feature[@name = 'camel-spring-rabbitmq']">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
      <bundle dependency="true"><xsl:value-of select="concat('wrap:mvn:org.springframework.amqp/spring-amqp/', $springAmqpVersion,
          '$overwrite=merge&amp;Bundle-SymbolicName=spring-amqp&amp;Bundle-Version=', $springAmqpVersion,
          '&amp;Export-Package=org.springframework.amqp*;version=', $springAmqpVersion, '&amp;Import-Package=*;resolution:=optional')"/></bundle>
      <bundle dependency="true"><xsl:value-of select="concat('wrap:mvn:org.springframework.amqp/spring-rabbit/', $springAmqpVersion,
          '$overwrite=merge&amp;Bundle-SymbolicName=spring-rabbit&amp;Bundle-Version=', $springAmqpVersion,
          '&amp;Export-Package=org.springframework.amqp*;version=', $springAmqpVersion, '&amp;Import-Package=*;resolution:=optional')"/></bundle>
    </xsl:copy>
  </xsl:template>
</xsl:stylesheet>
