export default { modules: {} }
