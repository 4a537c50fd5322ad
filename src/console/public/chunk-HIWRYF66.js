var d=(b=>typeof require<"u"?require:typeof Proxy<"u"?new Proxy(b,{get:(a,c)=>(typeof require<"u"?require:a)[c]}):b)(function(b){if(typeof require<"u")return require.apply(this,arguments);throw Error('Dynamic require of "'+b+'" is not supported')});var e=(b,a)=>()=>{try{return a||b((a={exports:{}}).exports,a),a.exports}catch(c){throw a=0,c}};export{d as a,e as b};
/*! Third-party code in this file:
 * uPlot, (c) 2022 Leon Sorokin, MIT License: https://github.com/leeoniya/uPlot
 * elkjs (the Eclipse Layout Kernel), (c) 2017 Kiel University and others, Eclipse Public License 2.0
 * (or GPL-3.0-or-later); its source: https://github.com/kieler/elkjs
 */
