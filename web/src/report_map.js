/* equiroute interactive report: the map of the report's indicators (Leaflet, no base map, no
 * network) and sortable tables. Data contract: web/README.md. */
(function () {
  'use strict';

  var NO_DATA_FILL = '#d9d9d9';
  var BOUNDARY = '#616161';

  /* The class of a value as io::ClassBreaks::class_of gives it: the first class whose upper
   * bound is >= value, values above every bound in the last class; null/NaN: no data (-1). */
  function classOf(value, classes) {
    if (value === null || value === undefined || !isFinite(value)) return -1;
    for (var i = 0; i < classes.length; i++) {
      if (value <= classes[i].upper) return i;
    }
    return classes.length - 1;
  }

  /* With `decimals`, that many digits after the point; without, a number for reading: whole
   * from 1000 on, else 4 significant digits (per-person scores such as 2SFCA's ~1e-6 stay
   * readable). */
  function formatNumber(value, decimals, lang, noData) {
    if (value === null || value === undefined || !isFinite(value)) return noData;
    if (typeof decimals === 'number') {
      return value.toLocaleString(lang, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    }
    if (Math.abs(value) >= 1000) return value.toLocaleString(lang, { maximumFractionDigits: 0 });
    return value.toLocaleString(lang, { maximumSignificantDigits: 4 });
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  /* The printed map's "no data": grey, hatched at 45°. An SVG pattern in the map's own <svg>. */
  function addHatchPattern(svg) {
    var ns = 'http://www.w3.org/2000/svg';
    if (!svg || svg.querySelector('#eq-no-data-hatch')) return;
    var defs = document.createElementNS(ns, 'defs');
    var pattern = document.createElementNS(ns, 'pattern');
    pattern.setAttribute('id', 'eq-no-data-hatch');
    pattern.setAttribute('patternUnits', 'userSpaceOnUse');
    pattern.setAttribute('width', '6');
    pattern.setAttribute('height', '6');
    pattern.setAttribute('patternTransform', 'rotate(45)');
    var back = document.createElementNS(ns, 'rect');
    back.setAttribute('width', '6');
    back.setAttribute('height', '6');
    back.setAttribute('fill', NO_DATA_FILL);
    var line = document.createElementNS(ns, 'line');
    line.setAttribute('x1', '0');
    line.setAttribute('y1', '0');
    line.setAttribute('x2', '0');
    line.setAttribute('y2', '6');
    line.setAttribute('stroke', '#8c8c8c');
    line.setAttribute('stroke-width', '1.2');
    pattern.appendChild(back);
    pattern.appendChild(line);
    defs.appendChild(pattern);
    svg.insertBefore(defs, svg.firstChild);
  }

  function MapComponent(container, data) {
    this.container = container;
    this.data = data;
    this.lang = data.lang || document.documentElement.lang || 'en';
    this.strings = data.strings || {};
    this.current = 0;
    this.build();
  }

  MapComponent.prototype.text = function (key, fallback) {
    return this.strings[key] || fallback;
  };

  MapComponent.prototype.build = function () {
    var self = this;
    var controls = element('div', 'eq-map-controls');
    var label = element('label', null, this.text('indicator', 'Indicator'));
    var select = element('select', 'eq-indicator');
    select.id = 'eq-indicator-' + Math.random().toString(36).slice(2);
    label.htmlFor = select.id;
    this.data.indicators.forEach(function (indicator, i) {
      var option = element('option', null, indicator.title);
      option.value = String(i);
      select.appendChild(option);
    });
    select.addEventListener('change', function () {
      self.show(Number(select.value));
    });
    controls.appendChild(label);
    controls.appendChild(select);
    var body = element('div', 'eq-map-body');
    this.mapElement = element('div', 'eq-map');
    this.mapElement.setAttribute('role', 'img');
    this.mapElement.setAttribute('aria-label', this.text('map', 'Interactive map'));
    this.legend = element('div', 'eq-legend');
    this.legend.setAttribute('aria-live', 'polite');
    body.appendChild(this.mapElement);
    body.appendChild(this.legend);
    this.container.appendChild(controls);
    this.container.appendChild(body);
    this.select = select;

    this.map = L.map(this.mapElement, {
      attributionControl: false,
      zoomSnap: 0.25,
      renderer: L.svg({ padding: 0.5 })
    });
    this.layer = L.geoJSON(this.data.regions, {
      style: { className: 'eq-region', color: BOUNDARY, weight: 0.6, fillOpacity: 1 },
      onEachFeature: function (feature, layer) {
        layer.on('mouseover', function () {
          layer.setStyle({ weight: 2, color: '#222' });
          layer.bringToFront();
          self.hover(feature);
        });
        layer.on('mouseout', function () {
          layer.setStyle({ weight: 0.6, color: BOUNDARY });
          self.hover(null);
        });
      }
    });
    // The map needs a view before its layers create their paths.
    this.map.fitBounds(this.layer.getBounds(), { padding: [8, 8] });
    this.layer.addTo(this.map);
    this.features = [];
    this.layer.eachLayer(function (layer) {
      self.features.push(layer);
      var path = layer.getElement();
      if (path) path.setAttribute('data-id', String(layer.feature.properties.id));
    });
    addHatchPattern(this.mapElement.querySelector('svg'));
    this.addInfoPanel();
    this.show(0);
  };

  /* The hovered region's values, in a panel in the map's corner (Leaflet's "info control"
   * pattern): always inside the map, never cut off at its edge as a tooltip would be. */
  MapComponent.prototype.addInfoPanel = function () {
    var self = this;
    var Info = L.Control.extend({
      options: { position: 'topright' },
      onAdd: function () {
        self.info = element('div', 'eq-info');
        self.info.setAttribute('aria-live', 'polite');
        self.hover(null);
        return self.info;
      }
    });
    new Info().addTo(this.map);
  };

  MapComponent.prototype.hover = function (feature) {
    this.hovered = feature;
    this.info.textContent = '';
    if (!feature) {
      this.info.appendChild(element('div', 'eq-info-hint', this.text('hover', 'Hover a region')));
      this.info.classList.remove('eq-info-active');
      return;
    }
    this.info.appendChild(this.describe(feature));
    this.info.classList.add('eq-info-active');
  };

  MapComponent.prototype.indexOf = function (feature) {
    return this.data.regions.features.indexOf(feature);
  };

  MapComponent.prototype.show = function (i) {
    var self = this;
    var indicator = this.data.indicators[i];
    this.current = i;
    this.select.value = String(i);
    this.features.forEach(function (layer) {
      var value = indicator.values[self.indexOf(layer.feature)];
      var c = classOf(value, indicator.classes);
      layer.setStyle({ fillColor: c < 0 ? NO_DATA_FILL : indicator.classes[c].color });
      var path = layer.getElement();
      if (path) {
        path.setAttribute('data-class', String(c));
        // Leaflet writes the fill on each setStyle; the hatch is laid over it afterwards.
        if (c < 0) path.setAttribute('fill', 'url(#eq-no-data-hatch)');
      }
    });
    this.drawLegend(indicator);
    if (this.info) this.hover(this.hovered || null);
  };

  MapComponent.prototype.drawLegend = function (indicator) {
    var legend = this.legend;
    legend.textContent = '';
    legend.appendChild(element('div', 'eq-legend-title', indicator.legend_title || indicator.title));
    var list = element('ul');
    indicator.classes.forEach(function (c) {
      var item = element('li');
      var swatch = element('span', 'eq-swatch');
      swatch.style.background = c.color;
      item.appendChild(swatch);
      item.appendChild(element('span', 'eq-legend-label', c.label));
      list.appendChild(item);
    });
    var noData = indicator.values.some(function (v) {
      return v === null || v === undefined || !isFinite(v);
    });
    if (noData) {
      var item = element('li');
      item.appendChild(element('span', 'eq-swatch eq-no-data'));
      item.appendChild(element('span', 'eq-legend-label', this.text('no_data', 'No data')));
      list.appendChild(item);
    }
    legend.appendChild(list);
  };

  /* A region's name, the shown indicator in bold, then every indicator. */
  MapComponent.prototype.describe = function (feature) {
    var self = this;
    var index = this.indexOf(feature);
    var box = element('div', 'eq-info-body');
    box.appendChild(element('div', 'eq-info-name', feature.properties.name || feature.properties.id));
    var table = element('table');
    this.data.indicators.forEach(function (indicator, i) {
      var row = element('tr', i === self.current ? 'eq-current' : null);
      row.appendChild(element('th', null, indicator.short_title || indicator.title));
      var cell = element('td', 'num', formatNumber(indicator.values[index], indicator.decimals, self.lang,
        self.text('no_data', 'No data')));
      cell.setAttribute('data-indicator', indicator.id);
      row.appendChild(cell);
      table.appendChild(row);
    });
    box.appendChild(table);
    return box;
  };

  /* ---- tables: wrapped in a scroll box, sortable by clicking a header ---- */

  function cellValue(cell) {
    var raw = cell.getAttribute('data-value');
    if (raw === null) raw = cell.textContent.replace(/[,\s\u00a0]/g, '');
    if (raw === '') return null;
    var number = Number(raw);
    return isFinite(number) ? number : cell.textContent.trim();
  }

  function sortTable(table, column, ascending, lang) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var keyed = rows.map(function (row, i) {
      return { row: row, key: cellValue(row.cells[column]), i: i };
    });
    var collator = new Intl.Collator(lang, { numeric: true });
    keyed.sort(function (a, b) {
      if (a.key === null || b.key === null) {
        return a.key === b.key ? a.i - b.i : (a.key === null ? 1 : -1);  // empty cells last
      }
      var d = typeof a.key === 'number' && typeof b.key === 'number' ? a.key - b.key
        : collator.compare(String(a.key), String(b.key));
      return (ascending ? d : -d) || a.i - b.i;
    });
    keyed.forEach(function (k) {
      body.appendChild(k.row);
    });
  }

  function makeSortable(table, lang) {
    var head = table.tHead;
    if (!head || !table.tBodies.length || table.classList.contains('eq-no-sort')) return;
    Array.prototype.forEach.call(head.rows[0].cells, function (th, column) {
      var button = element('button', 'eq-sort');
      button.type = 'button';
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      th.setAttribute('aria-sort', 'none');
      button.addEventListener('click', function () {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(head.rows[0].cells, function (other) {
          other.setAttribute('aria-sort', 'none');
        });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        sortTable(table, column, ascending, lang);
      });
    });
  }

  function wrapTable(table) {
    var parent = table.parentNode;
    if (parent.classList && parent.classList.contains('eq-table-wrap')) return;
    var wrap = element('div', 'eq-table-wrap');
    wrap.setAttribute('tabindex', '0');  // scrollable with the keyboard
    parent.insertBefore(wrap, table);
    wrap.appendChild(table);
  }

  function start() {
    var lang = document.documentElement.lang || 'en';
    Array.prototype.forEach.call(document.querySelectorAll('table'), function (table) {
      if (table.closest('.eq-map-component, .leaflet-container')) return;
      wrapTable(table);
      makeSortable(table, lang);
    });
    var source = document.getElementById('equiroute-map-data');
    var container = document.getElementById('equiroute-map');
    if (source && container) {
      container.classList.add('eq-map-component');
      window.equirouteMap = new MapComponent(container, JSON.parse(source.textContent));
    }
  }

  window.equirouteReport = { classOf: classOf, start: start };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
