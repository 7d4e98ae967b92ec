// Before any test: the widget's bundle, which the in-process gateways serve at /widget.js.
module.exports = async () => {
  await require('../../scripts/build-widget').buildWidget();
};
